"""A draw as a file anyone can check: `draw_csv` writes it, `verify_csv` recomputes it.

Verification trusts nothing in the file or in the stored result: it recomputes the stored
snapshot's hash, re-runs the draw from the stored snapshot, rules and seed, renders the
file that draw gives and compares it with the file byte for byte and row by row. Any
difference (a row edited by hand, a hash changed, a stored snapshot altered) is reported.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from db.models.draws import Draw
from services.core.errors import FiredeskError
from services.core.permissions import Actor
from services.core.spreadsheet import SheetError, read_rows, write_csv
from services.draws import engine
from services.draws.engine import Rules
from services.draws.plans import find_draw

COLUMNS = (
    "period",
    "version",
    "seed",
    "algorithm",
    "algorithm_version",
    "snapshot_hash",
    "unit",
    "credit_class",
    "inspector_1",
    "inspector_2",
)


def _rows(row: Draw, result: dict) -> list[list[object]]:
    head = [row.period, row.number, row.seed, result["algorithm"], result["version"]]
    lines = []
    for a in result["assignments"]:
        inspectors = [*a["inspectors"], "", ""][:2]
        lines.append([*head, result["snapshot_hash"], a["unit"], a["credit_class"], *inspectors])
    for unit in result["unstaffed"]:
        lines.append([*head, result["snapshot_hash"], unit, "", "", ""])
    return lines


def render(row: Draw, result: dict) -> bytes:
    """The draw's file: UTF-8, no BOM, CRLF rows (the csv module's), the same bytes on
    every machine."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, COLUMNS, _rows(row, result))
    return buffer.getvalue().encode("utf-8")


def draw_csv(row: Draw) -> bytes:
    return render(row, row.result)


def recompute(row: Draw) -> dict:
    return engine.draw(row.snapshot, Rules.from_dict(row.rules), row.seed, row.period)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problems: list[str]


def identify(content: bytes) -> tuple[str, int]:
    """The period and version a draw file names (its first data row)."""
    frame = read_rows("draw.csv", content)
    if list(frame.columns) != list(COLUMNS):
        raise SheetError("draws.error.columns")
    return str(frame.iloc[0]["period"]), int(frame.iloc[0]["version"])


def verify_csv(row: Draw, content: bytes) -> Verdict:
    problems = []
    if engine.sha256(row.snapshot) != row.snapshot_hash:
        problems.append("the stored snapshot no longer matches its hash")
    expected_result = recompute(row)
    if expected_result != row.result:
        problems.append("the stored result differs from the recomputed draw")
    expected = render(row, expected_result)
    if content != expected:
        try:
            got = read_rows("draw.csv", content).values.tolist()
        except SheetError:
            got = []
        want = read_rows("draw.csv", expected).values.tolist()
        found = len(problems)
        for number, (a, b) in enumerate(zip(got, want, strict=False), start=2):
            if a != b:
                problems.append(f"line {number}: file says {a}, the draw gives {b}")
        if len(got) != len(want):
            problems.append(f"the file has {len(got)} rows, the draw gives {len(want)}")
        if len(problems) == found:  # same cells, other bytes (quoting, line ends, a BOM)
            problems.append("the file's bytes differ from the draw's file")
    return Verdict(ok=not problems, problems=problems)


def verify_file(actor: Actor, content: bytes) -> tuple[Draw | None, Verdict]:
    """Check a draw file against the draw it names (the command line and the page)."""
    try:
        period, number = identify(content)
        row = find_draw(actor, period, number)
    except (FiredeskError, ValueError, KeyError, IndexError) as error:
        message = error.message("en") if isinstance(error, FiredeskError) else str(error)
        return None, Verdict(ok=False, problems=[message])
    return row, verify_csv(row, content)
