"""The export benchmark at a tiny scale: it measures the three exports,
reads every idea, and leaves the benchmark database exactly as it was."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from benchmarks import export_bench
from benchmarks.generate import ensure_database
from benchmarks.scale import Scale

TINY = Scale("tiny", users=300, ideas=200, comments=1_000, supports=2_000)


def test_the_export_benchmark_measures_and_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench-exports.db'}"
    ensure_database(url, TINY, regenerate=True, log=lambda line: None)
    engine = create_engine(url)
    with engine.connect() as connection:
        published = connection.scalar(text("SELECT count(*) FROM ideas WHERE status = 'published'"))
    results = export_bench.measure(url, log=lambda line: None)
    assert [r.name for r in results] == [
        f"open data: {published:,} ideas as CSV", f"open data: {published:,} ideas as XLSX",
        "manifesto: DOCX, 30 commitments"]
    assert [r.rows for r in results] == [published, published, 30]
    assert all(r.size_kib > 0 and r.seconds > 0 and r.peak_mib > 0 for r in results)
    assert "manifesto: DOCX, 30 commitments" in export_bench.table(results)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM commitments")) == 0
        assert connection.scalar(text("SELECT count(*) FROM criteria")) == 0
        assert connection.scalar(text("SELECT phase FROM rounds")) == "open"
    engine.dispose()
