"""The Dash app: pages from dashboard/pages, static files from assets/, the package loaded once, with the
server layer (dashboard/server: headers, static files, builders' cache, /healthz) installed."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import dash
from flask import Response, abort, send_from_directory

from dashboard import i18n
from dashboard.catalog import Catalog
from dashboard.data import Package, load_package
from dashboard.exports import routes as export_routes
from dashboard.server import GEO_FILES, Settings, install
from dashboard.shell import localize_index
from dashboard.state import set_catalog
from etl.paths import GEO, PACKAGE, ROOT


def package_zip(folder: Path = PACKAGE) -> bytes:
    """The whole data package as one download, made once at start-up (fixed timestamps: same bytes every time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            info = zipfile.ZipInfo(f"vigia-datapackage/{path.name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def create_app(package: Package | None = None, settings: Settings | None = None) -> dash.Dash:
    package = package or load_package()
    set_catalog(Catalog(package))
    app = dash.Dash(__name__, use_pages=True, pages_folder=str(Path(__file__).parent / "pages"),
                    assets_folder=str(ROOT / "assets"), serve_locally=True, title="Vigía",
                    suppress_callback_exceptions=True,
                    update_title=None,  # type: ignore[arg-type]  # documented by Dash: no "Updating..." title
                    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"},
                               {"name": "description",
                                "content": i18n.t(i18n.DEFAULT_LANG, "meta_description")}])
    app.layout = dash.page_container
    localize_index(app)  # <html lang> and the page's own <title>, in the view's language
    archive = package_zip(package.folder or PACKAGE)

    @app.server.route("/geo/<name>")
    def geo(name: str):
        if name not in GEO_FILES:
            abort(404)
        return send_from_directory(GEO, name, mimetype="application/geo+json")  # server.static answers first

    @app.server.route("/download/vigia-datapackage.zip")
    def download_package():
        name = f"vigia-datapackage-{package.version}.zip"
        return Response(archive, mimetype="application/zip",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    export_routes.register(app.server)
    install(app, package, settings)  # security headers, static files, builders' cache, /healthz
    return app
