"""Performance benchmark (#4): a large partnership's figures and its quarterly report.

Generates 500 indicators led by 12 agencies with 10 years of monthly figures
(60,000 values), imports them through the import contract, and measures the
import rate and the report for one quarter in each format that exists, with its
SQL query count. Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/performance_report.py
"""

from __future__ import annotations

import io
import statistics
import time

INDICATORS = 500
AGENCIES = 12
YEARS = 10
REPEATS = 10

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from roundtable.core.imports import read_table  # noqa: E402
from roundtable.partnership.models import Partnership  # noqa: E402
from roundtable.performance import report as report_module  # noqa: E402
from roundtable.performance.imports import import_indicators, import_values  # noqa: E402
from roundtable.performance.periods import Period, parse_period  # noqa: E402
from roundtable.performance.queries import build_report  # noqa: E402


def table(name: str, lines: list[str]):
    return read_table(io.BytesIO(("\n".join(lines) + "\n").encode()), name)


def indicators_file() -> list[str]:
    lines = ["code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance"]
    themes = ["Health", "Safety", "Prosperity", "High Quality of Life"]
    for i in range(INDICATORS):
        polarity = "higher" if i % 2 else "lower"
        lines.append(
            f"B {i},Benchmark indicator {i},{themes[i % 4]},{polarity},monthly,count,no,"
            f"Agency {i % AGENCIES},5%"
        )
    return lines


def values_file() -> list[str]:
    lines = ["code,period,actual,target,estimated,note"]
    first = Period.month(2012, 4)
    for i in range(INDICATORS):
        month = first
        for n in range(12 * YEARS):
            lines.append(f"B {i},{month},{100 + (i + n) % 37},{110},,")
            month = month.next()
    return lines


def p50(func, repeats: int = REPEATS) -> tuple[float, int]:
    func()  # warm up
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as context:
        func()
    return statistics.median(samples) * 1000, len(context)


def main() -> None:
    print(f"Database: {DATABASE}")
    partnership = Partnership.objects.create(name="Benchmark Partnership", slug="bench")
    start = time.perf_counter()
    import_indicators(table("indicators.csv", indicators_file()), partnership, None)
    print(f"Import {INDICATORS} indicators: {time.perf_counter() - start:.2f} s")
    values = values_file()
    rows = len(values) - 1
    parsed = table("values.csv", values)
    start = time.perf_counter()
    import_values(parsed, partnership, None)
    elapsed = time.perf_counter() - start
    print(f"Import {rows:,} monthly values: {elapsed:.2f} s ({rows / elapsed:,.0f} values/s)")
    start = time.perf_counter()
    import_values(parsed, partnership, None)
    elapsed = time.perf_counter() - start
    print(f"Re-import the same {rows:,} values (nothing changes): {elapsed:.2f} s")
    reset_queries()

    period = parse_period("2016/17 Q2")
    ms, queries = p50(lambda: build_report(partnership, period))
    print(f"Report {period}, {INDICATORS} indicators, built: p50 {ms:.0f} ms, {queries} queries")
    built = build_report(partnership, period)
    ms, _ = p50(lambda: report_module.report_json(built))
    print(f"  as JSON (after building): p50 {ms:.0f} ms")
    try:
        from roundtable.performance import renderers
    except ImportError:
        print("  HTML, XLSX and PDF renderers: not available yet")
        return
    for name, func in (
        ("HTML", lambda: renderers.render_html_document(built)),
        ("XLSX", lambda: renderers.render_xlsx(built)),
        ("PDF", lambda: renderers.render_pdf(built)),
    ):
        ms, _ = p50(func, repeats=3)
        print(f"  as {name} (after building): p50 {ms:.0f} ms")


if __name__ == "__main__":
    main()
