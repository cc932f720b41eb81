"""The Content-Security-Policy and the other security headers every answer carries.

The policy allows the app's own origin, the sha256 of each inline script Dash writes into the page (computed
from the page at start-up, see `dashboard.server.layer.install`) and the named exceptions in CSP_EXCEPTIONS.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

CSP_BASE: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # plus the sha256 of each inline script Dash writes into the page, computed at start
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Every source beyond the app's own origin, with the reason. tests/test_serving_csp.py loads every view in
# Chromium with exactly this policy and finds no violation, and shows that dropping any one of these causes one.
CSP_EXCEPTIONS: list[tuple[str, str, str]] = [
    ("style-src", "'unsafe-inline'",
     "dash-renderer, dcc (dropdown, markdown) and plotly.js add <style> elements at run time, and plotly.js sets "
     "style attributes on the map's hover labels; scripts stay locked to the app's files and hashes"),
    ("img-src", "data:",
     "the overview's trend lines are inline SVG images (data: URIs)"),
    ("img-src", "blob:",
     "plotly's 'Download plot as a PNG' button draws the chart through a blob: image"),
]
# Not needed, and so not given: 'unsafe-eval' (plotly.js draws SVG and geo traces without eval), 'unsafe-inline'
# for scripts, any other origin (no CDN, fonts or map tiles), workers, frames, plugins.

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
    "Referrer-Policy": "same-origin",  # links to sources do not tell them what the analyst was looking at
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


class PageScripts(HTMLParser):
    """The text of every inline script a browser would run (not data blocks such as Dash's JSON config,
    not scripts inside comments), and the src/href of every script and stylesheet."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline: list[str] = []
        self.urls: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            if a.get("src"):
                self.urls.append(a["src"])
            elif (a.get("type") or "").lower() in JS_TYPES:
                self._current = []
        elif tag == "link" and a.get("href"):
            self.urls.append(a["href"])

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.inline.append("".join(self._current))
            self._current = None


def inline_scripts(page: str) -> list[str]:
    parser = PageScripts()
    parser.feed(page)
    return parser.inline


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@dataclass
class Policy:
    hashes: list[str]
    dropped: set[tuple[str, str]] = field(default_factory=set)  # tests drop an exception to show it is needed
    added: list[tuple[str, str]] = field(default_factory=list)

    def directives(self) -> dict[str, list[str]]:
        out = {k: list(v) for k, v in CSP_BASE.items()}
        out["script-src"] += self.hashes
        for directive, source, _ in CSP_EXCEPTIONS:
            if (directive, source) not in self.dropped:
                out[directive].append(source)
        for directive, source in self.added:
            out.setdefault(directive, []).append(source)
        return out

    def header(self) -> str:
        return "; ".join(f"{k} {' '.join(v)}" for k, v in self.directives().items())
