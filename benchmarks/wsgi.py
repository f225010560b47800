"""What gunicorn serves in the throughput run: the real app on the bench
database (``BENCH_DATABASE_URL``), with the bench settings."""

from __future__ import annotations

import os

from flask import Flask

from benchmarks.generate import bench_config
from manifesto import create_app


def bench_app() -> Flask:
    return create_app(bench_config(os.environ["BENCH_DATABASE_URL"]))
