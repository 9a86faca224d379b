// Builds Roundtable's front-end into var/frontend (served as /static/):
// compiles roundtable.scss and copies the JavaScript and assets it needs from
// node_modules. Run by `make install` (npm run build); never committed.
// A file that names its source map (`//# sourceMappingURL=…`) is copied with
// the map: `collectstatic` rewrites that reference to the hashed name and
// stops when the map is missing.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "var", "frontend");
const modules = join(root, "node_modules");
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "frontend", "roundtable.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "roundtable.css"), css.css);

const copies = [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk/govuk-frontend.min.js"],
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js.map", "govuk/govuk-frontend.min.js.map"],
  ["govuk-frontend/dist/govuk/assets/images", "govuk/assets/images"],
  ["govuk-frontend/dist/govuk/assets/manifest.json", "govuk/assets/manifest.json"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.js.map", "leaflet/leaflet.js.map"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet.markercluster/leaflet.markercluster.js"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js.map", "leaflet.markercluster/leaflet.markercluster.js.map"],
  ["leaflet.markercluster/dist/MarkerCluster.css", "leaflet.markercluster/MarkerCluster.css"],
  ["leaflet.markercluster/dist/MarkerCluster.Default.css", "leaflet.markercluster/MarkerCluster.Default.css"],
];
for (const [from, to] of copies) {
  cpSync(join(modules, from), join(out, to), { recursive: true });
}
// Fail here, not in `collectstatic` on the server, when a copied script names a
// source map that was not copied with it.
for (const [, to] of copies) {
  if (!to.endsWith(".js")) continue;
  const found = readFileSync(join(out, to), "utf8").match(/sourceMappingURL=(\S+)/);
  if (found && !existsSync(join(out, dirname(to), found[1]))) {
    throw new Error(`${to} names its source map ${found[1]}: add it to the copies`);
  }
}
console.log(`Front-end built into ${out}`);
