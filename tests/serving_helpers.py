"""Helpers for the serving tests: data packages made from the real one, and gunicorn on a loopback port."""
from __future__ import annotations

import http.client
import json
from pathlib import Path

import yaml

from etl.package import package_files, publish, table_schemas
from etl.paths import CATALOGUE, PACKAGE


def real_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in PACKAGE.iterdir()}


def rebuilt(tables: dict[str, bytes]) -> dict[str, bytes]:
    """A package from edited tables, with its datapackage.json (hashes, version) made as the build makes it."""
    release = yaml.safe_load((CATALOGUE / "release.yaml").read_text(encoding="utf-8"))
    return package_files(tables, release, table_schemas(CATALOGUE))


def edited(edit) -> dict[str, bytes]:
    """The real package with `edit(tables)` applied (tables: name -> CSV bytes)."""
    tables = {name[:-4]: data for name, data in real_files().items() if name.endswith(".csv")}
    edit(tables)
    return rebuilt(tables)


def version_of(files: dict[str, bytes]) -> str:
    return json.loads(files["datapackage.json"])["version"]


def datasets_with(files: dict[str, bytes], root: Path) -> Path:
    """A datasets folder with `files` published behind a pointer; returns the pointer."""
    pointer = root / "package"
    root.mkdir(parents=True, exist_ok=True)
    publish(files, pointer)
    return pointer


def get(base: str, path: str, headers: dict | None = None, method: str = "GET", body: bytes | None = None,
        timeout: float = 30) -> tuple[int, dict, bytes]:
    """One request on a fresh connection (so that a killed worker's socket is never reused)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={**({"Content-Type": "application/json"} if body else {}),
                                                      **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def page_content(base: str, path: str, search: str = "") -> tuple[int, dict, bytes]:
    from dashboard.serve import page_request
    return get(base, "/_dash-update-component", method="POST", body=json.dumps(page_request(path, search)).encode())
