// Builds Roundtable's front-end into var/frontend (served as /static/):
// compiles roundtable.scss and copies the JavaScript and assets it needs from
// node_modules. Run by `make install` (npm run build); never committed.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
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
  ["govuk-frontend/dist/govuk/assets/images", "govuk/assets/images"],
  ["govuk-frontend/dist/govuk/assets/manifest.json", "govuk/assets/manifest.json"],
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
];
for (const [from, to] of copies) {
  cpSync(join(modules, from), join(out, to), { recursive: true });
}
console.log(`Front-end built into ${out}`);
