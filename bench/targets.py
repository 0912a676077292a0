"""Issue 14's targets and the words the tables give each figure: "meets" or "misses by Nx".

Pure: no Django, no server. A page's target is p95 within 4x the trivial view's; an operation's
target is a rate at least, or a ratio at most, as each row of the operations table says.
"""

from dataclasses import dataclass

PAGE_P95_TIMES_TRIVIAL = 4.0  # every page and API list within 4x the trivial view at p95
COMMENTS_PER_SECOND = 500.0  # public comment submissions, 0 errors and 0 lost, on 2 cores
TRANSITIONS_PER_SECOND = 100.0  # transitions through the API with 4 clients
SCREENING_120_TIMES_TRIVIAL = 2.0  # a 120-month profile, p95 against the trivial view's
SCREENING_LARGEST_TIMES_TRIVIAL = 10.0  # the largest profile allowed (MAX_PROFILE_MONTHS)
PDF_TIMES_BARE = 1.2  # a 20-page advice PDF against bare WeasyPrint on the same HTML


def at_most(value: float, limit: float) -> str:
    """A ratio or a time that must not exceed ``limit``."""
    if value <= limit:
        return "meets"
    return f"misses by {_factor(value / limit)}"


def _factor(factor: float) -> str:
    """1.05x, 3.4x: two decimals while one would round a miss to "1.0x"."""
    return f"{factor:.2f}x" if factor < 1.1 else f"{factor:.1f}x"


def at_least(value: float, floor: float) -> str:
    """A rate that must reach ``floor``."""
    if value >= floor:
        return "meets"
    if value <= 0:
        return "misses (none)"
    return f"misses by {_factor(floor / value)}"


def ratio(value: float, baseline: float) -> float | None:
    return value / baseline if baseline else None


@dataclass
class Operation:
    """One row of the operations table: what was measured, against what, and the verdict."""

    name: str
    figure: str
    baseline: str = "-"
    times: float | None = None  # figure / baseline, where a ratio means something
    target: str = "no target in issue 14"
    verdict: str = "-"
    note: str = ""


def operations_table(rows: list[Operation]) -> str:
    lines = [
        "| operation | figure | baseline | ratio | target | verdict | note |",
        "|---|---|---|---:|---|---|---|",
    ]
    for row in rows:
        times = f"{row.times:.2f}x" if row.times is not None else "-"
        lines.append(
            f"| {row.name} | {row.figure} | {row.baseline} | {times} | {row.target} | {row.verdict} "
            f"| {row.note} |"
        )
    return "\n".join(lines)
