"""The server layer's settings, read from the environment (README, "Production").

    VIGIA_REDIS_URL      redis://127.0.0.1:6379/0 or unix:///run/redis.sock: share the builders' cache
                         (dashboard.cache) between workers (and servers); unset: each process keeps its own
    VIGIA_CACHE_ITEMS    per-process cache size in entries (default 256)
    VIGIA_STATIC_CACHE   folder of pre-compressed static files (default .cache/static)
    VIGIA_PACKAGE        package pointer to serve (default datasets/package)
    VIGIA_PUBLIC_URL     the site's public address (https://vigia.example.org): what citations and shared links give;
                         unset: the address each request names (then the warm-up's pages, made for http://localhost,
                         serve only requests for that address)
    VIGIA_THREADS        threads per worker (gunicorn.conf.py sets it, default 64); requests for chart images may
                         hold three quarters of them (dashboard.server.priority)
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from etl.paths import PACKAGE, ROOT


@dataclass
class Settings:
    redis_url: str | None = None
    cache_items: int = 256
    static_cache: Path = ROOT / ".cache" / "static"
    package: Path = PACKAGE
    threads: int = 64
    public_url: str | None = None

    @classmethod
    def from_env(cls, env=os.environ) -> Settings:
        return cls(redis_url=env.get("VIGIA_REDIS_URL") or None,
                   cache_items=int(env.get("VIGIA_CACHE_ITEMS", "256")),
                   static_cache=Path(env.get("VIGIA_STATIC_CACHE", ROOT / ".cache" / "static")),
                   package=Path(env.get("VIGIA_PACKAGE", PACKAGE)),
                   threads=int(env.get("VIGIA_THREADS", "64")),
                   public_url=(env.get("VIGIA_PUBLIC_URL") or "").rstrip("/") or None)
