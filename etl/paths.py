"""Where things live in the repository."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
CATALOGUE = DATASETS / "catalogue"
SOURCES = DATASETS / "sources"
PACKAGE = DATASETS / "package"  # a symlink to releases/<version>: the published package (see etl/package.py)
RELEASES = DATASETS / "releases"
GEO = DATASETS / "geo"
RESEARCH = ROOT.parent / "shared" / "research"  # only tests and tools read it; the build never does
