"""Content negotiation and compression (brotli, gzip), shared by the static files and the
on-the-fly compression of text answers (pages, callback JSON, CSV)."""
from __future__ import annotations

import functools
import gzip

import brotli
from flask import Response, request

COMPRESSIBLE = {"application/javascript", "text/javascript", "text/css", "application/json", "application/geo+json",
                "image/svg+xml", "text/html", "text/csv", "text/plain", "application/xml"}
MIN_COMPRESS = 1024
RECENT_ANSWERS = 64  # the text answers whose compressed bytes a worker keeps (a few MB)


def compress(data: bytes, encoding: str, best: bool) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=11 if best else 5)
    return gzip.compress(data, compresslevel=9 if best else 6, mtime=0)


@functools.lru_cache(maxsize=RECENT_ANSWERS)
def compress_answer(body: bytes, encoding: str) -> bytes:
    """A text answer compressed on the fly, kept by its bytes: the same page content, chart or CSV asked
    again (most requests) is compressed once, whichever route and builder made it."""
    return compress(body, encoding, best=False)


def accepted(header: str) -> list[str]:
    """Encodings the client takes, best first (br, then gzip), honouring q=0."""
    weights = {}
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        weights[name.strip().lower()] = q
    star = weights.get("*", 0.0)
    return [e for e in ("br", "gzip") if weights.get(e, star) > 0]


def compress_response(response: Response) -> None:
    """gzip or brotli for text answers (pages, callback JSON, CSV), when the client takes it."""
    if (request.method == "HEAD" or response.status_code != 200 or response.direct_passthrough
            or "Content-Encoding" in response.headers or response.mimetype not in COMPRESSIBLE):
        return
    if "Accept-Encoding" in response.headers.get("Vary", ""):
        return  # negotiated already (static files, cached responses)
    body = response.get_data()
    if len(body) < MIN_COMPRESS:
        return
    response.headers.add("Vary", "Accept-Encoding")
    encoding = next(iter(accepted(request.headers.get("Accept-Encoding", ""))), None)
    if encoding is None:
        return
    response.set_data(compress_answer(body, encoding))
    response.headers["Content-Encoding"] = encoding
