"""Writing a benchmark's results into BENCHMARKS.md: each benchmark owns one block between
its own start and end markers, so re-running it replaces its figures and nothing else."""

from __future__ import annotations

from pathlib import Path


def replace_block(path: Path, block: str, *, start: str, end: str, heading: str) -> None:
    """Put `block` (which begins with `start` and ends with `end`) where the file's block
    between those markers stands, or append it under `heading` when there is none yet."""
    content = path.read_text(encoding="utf-8")
    if start in content and end in content:
        head, rest = content.split(start, 1)
        content = head + block + rest.split(end, 1)[1]
    else:
        content = content.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    path.write_text(content, encoding="utf-8")
