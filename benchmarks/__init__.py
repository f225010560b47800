"""National-scale benchmark: data generator, in-process page timings and a
gunicorn throughput comparison. Run with ``make bench`` (see docs/performance.md)."""
