"""Versioned releases behind an atomic pointer: `datasets/package` is a symlink to `datasets/releases/<version>/`,
swapped in one rename by a publish. A reader sees one whole release, never a mix; a build that fails or is killed
halfway leaves the pointer and every release as they were; old releases do not pile up."""
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from dashboard.data import PackageError, load_package
from etl import package as etl_package
from etl.package import publish, releases_folder
from etl.paths import DATASETS, PACKAGE, RELEASES, ROOT


def tiny(version: str, rows: int = 200) -> dict[str, bytes]:
    """A small valid package whose every row names its version: a mix of two releases would show."""
    files = {}
    resources = []
    for name in ("first", "second", "third"):
        data = ("version,n\n" + "".join(f"{version},{i}\n" for i in range(rows))).encode()
        files[f"{name}.csv"] = data
        resources.append({"name": name, "path": f"{name}.csv", "schema": {"fields": [{"name": "version"},
                                                                                    {"name": "n"}]},
                          "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()})
    files["datapackage.json"] = json.dumps({"version": version, "created": "2026-01-01T00:00:00Z",
                                            "resources": resources}).encode()
    return files


def served_version(pointer) -> str:
    package = load_package(pointer)
    for frame in package.tables.values():
        assert set(frame.version) == {package.version}, "a package mixing two releases"
    return package.version


def test_the_committed_pointer_is_a_relative_symlink_to_the_release_it_names():
    assert PACKAGE.is_symlink(), "datasets/package must be the pointer (a symlink), not a folder"
    target = os.readlink(PACKAGE)
    version = json.loads((PACKAGE / "datapackage.json").read_text())["version"]
    assert target == f"releases/{version}"  # relative: the checkout can live anywhere
    releases = sorted(p.name for p in RELEASES.iterdir())
    assert version in releases and len(releases) <= 2, releases  # the current one and at most the previous
    for path in ("datasets/package", f"datasets/releases/{version}/observations.csv"):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
        assert ignored.returncode in (1, 128), f"git must track {path} (it is ignored)"  # 128: not a git checkout
    assert releases_folder(PACKAGE) == RELEASES and RELEASES.parent == DATASETS


def test_publish_swaps_the_pointer_and_keeps_only_the_current_and_previous_release(tmp_path):
    pointer = tmp_path / "package"
    publish(tiny("v1"), pointer)
    assert os.readlink(pointer) == "releases/v1" and served_version(pointer) == "v1"
    publish(tiny("v2"), pointer)
    assert served_version(pointer) == "v2"
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == ["v1", "v2"]
    publish(tiny("v3"), pointer)
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == ["v2", "v3"]
    publish(tiny("v3"), pointer)  # the same build again: nothing changes, nothing is pruned
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == ["v2", "v3"]
    other = tiny("v3", rows=5)  # same version string, other bytes: a new folder, the published one untouched
    publish(other, pointer)
    assert os.readlink(pointer) == "releases/v3.2" and (tmp_path / "releases" / "v3" / "first.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package", "releases"]  # no temporary link left


def test_the_old_plain_folder_layout_becomes_a_release(tmp_path):
    pointer = tmp_path / "package"
    pointer.mkdir()
    for name, data in tiny("old").items():
        (pointer / name).write_bytes(data)
    publish(tiny("new"), pointer)
    assert pointer.is_symlink() and served_version(pointer) == "new"
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == ["new", "old"]


def test_readers_see_one_whole_release_while_publishes_swap_and_prune(tmp_path):
    pointer = tmp_path / "package"
    publish(tiny("r0"), pointer)
    seen, problems, stop = set(), [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                seen.add(served_version(pointer))
            except (AssertionError, PackageError, OSError) as exc:
                problems.append(repr(exc))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for r in readers:
        r.start()
    try:
        for n in range(60):  # three versions in turn: every publish also prunes the oldest
            publish(tiny(f"r{n % 3}"), pointer)
    finally:
        stop.set()
        for r in readers:
            r.join()
    assert not problems, problems[:5]
    assert len(seen) >= 2


def test_a_build_that_fails_halfway_leaves_the_pointer_and_releases_as_they_were(tmp_path, monkeypatch):
    pointer = tmp_path / "package"
    publish(tiny("good"), pointer)
    calls = {"n": 0}
    real_fsync = os.fsync

    def failing_fsync(fd):
        calls["n"] += 1
        if calls["n"] == 3:  # two files written, the third fails (a full disk, say)
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(etl_package.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space"):
        publish(tiny("broken"), pointer)
    monkeypatch.undo()
    assert os.readlink(pointer) == "releases/good" and served_version(pointer) == "good"
    assert [p.name for p in (tmp_path / "releases").iterdir()] == ["good"]  # no staging folder left


KILLED_BUILD = """
import json, os, sys, time
from pathlib import Path
import etl.package as p
files = {{name: data.encode() for name, data in json.loads(Path({files!r}).read_text()).items()}}
real, n = os.fsync, [0]
def slow(fd):
    n[0] += 1
    real(fd)
    if n[0] == 2:
        print("halfway", flush=True)
        time.sleep(60)
p.os.fsync = slow
p.publish(files, Path({pointer!r}))
"""


def test_a_build_killed_halfway_is_never_read_and_its_leftovers_are_removed(tmp_path):
    pointer = tmp_path / "package"
    publish(tiny("good"), pointer)
    files = tmp_path / "killed.json"
    files.write_text(json.dumps({name: data.decode() for name, data in tiny("killed").items()}))
    code = KILLED_BUILD.format(files=str(files), pointer=str(pointer))
    build = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert build.stdout.readline().strip() == "halfway"
        [staging] = (tmp_path / "releases").glob(".staging-*")
        assert len(list(staging.iterdir())) == 2
    finally:
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=10)
    assert os.readlink(pointer) == "releases/good" and served_version(pointer) == "good"
    publish(tiny("next"), pointer)  # the next publish clears what the killed one left
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == ["good", "next"]


def test_a_dangling_pointer_or_a_corrupt_file_stops_start_up_naming_it(tmp_path):
    pointer = tmp_path / "package"
    release = publish(tiny("v1"), pointer)
    data = (release / "second.csv").read_bytes()
    (release / "second.csv").write_bytes(data.replace(b"v1,7\n", b"v1,8\n"))  # still valid CSV, wrong content
    with pytest.raises(PackageError, match=r"second\.csv: corrupt"):
        load_package(pointer)
    os.rename(release, tmp_path / "elsewhere")
    with pytest.raises(PackageError, match="points to .*v1, which is missing"):
        load_package(pointer)


def test_a_process_keeps_the_release_it_loaded(tmp_path):
    pointer = tmp_path / "package"
    publish(tiny("first"), pointer)
    loaded = load_package(pointer)
    publish(tiny("second"), pointer)
    publish(tiny("third"), pointer)  # "first" is pruned from disk: the loaded package does not care
    assert loaded.version == "first" and set(loaded["first"].version) == {"first"}
    assert not (tmp_path / "releases" / "first").exists()
    assert load_package(pointer).version == "third"  # a restarted process reads the new pointer
    time.sleep(0)  # (the gunicorn test shows the same with workers and a HUP)
