"""What every benchmark reports: a row of ours against a floor measured in the same run, with
its target, and the one table ``python -m bench`` prints and writes to ``bench/RESULTS.md``."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    name: str
    ours: float
    baseline: float
    unit: str  # "s", "ms" or "MB", for both figures
    target: float | None  # the largest ratio allowed; None: reported only
    baseline_name: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "–"
        return "ja" if self.ratio <= self.target else "NEJ"


def median_time(run: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _figure(value: float, unit: str) -> str:
    shown = value * 1000 if unit == "ms" else value
    return f"{shown:.3f} {unit}" if shown < 10 else f"{shown:.1f} {unit}"


HEADER = ("Benchmark", "Ours", "Baseline", "Ratio", "Target", "Met")


def cells(row: Row) -> tuple[str, ...]:
    base = _figure(row.baseline, row.unit) + (f" ({row.baseline_name})"
                                              if row.baseline_name else "")
    return (row.name, _figure(row.ours, row.unit), base, f"{row.ratio:.2f}×",
            f"≤ {row.target:g}×" if row.target is not None else "–", row.verdict)


def text_table(rows: Iterable[Row]) -> str:
    lines = [HEADER, *(cells(r) for r in rows)]
    widths = [max(len(line[n]) for line in lines) for n in range(len(HEADER))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
                     for line in lines)


def markdown_table(rows: Iterable[Row]) -> str:
    lines = [HEADER, ("---",) * len(HEADER), *(cells(r) for r in rows)]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)
