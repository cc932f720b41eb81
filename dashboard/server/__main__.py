"""python -m dashboard.server precompress: write the .br/.gz variants of every static file into
VIGIA_STATIC_CACHE (default .cache/static). gunicorn's master runs it once before it starts the workers
(gunicorn.conf.py); settings as in dashboard/server/settings.py."""
from __future__ import annotations

import sys
import time

from dashboard.app import create_app
from dashboard.data import PackageError, load_package
from dashboard.server.settings import Settings
from dashboard.server.static import precompress


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["precompress"]:
        print(__doc__)
        return 2
    settings = Settings.from_env()
    try:
        app = create_app(load_package(settings.package), settings)
    except PackageError as exc:
        print(f"Vigía cannot start: {exc}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    made = precompress(app, settings.static_cache)
    print(f"pre-compressed static files in {settings.static_cache}: {made} written "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
