"""A benchmark rewrites only its own block of BENCHMARKS.md."""

from __future__ import annotations

from benchmarks.report import replace_block

START, END = "<!-- x:start -->", "<!-- x:end -->"


def test_a_block_is_replaced_in_place_and_the_rest_kept(tmp_path):
    path = tmp_path / "B.md"
    path.write_text(f"# B\n\nbefore\n{START}\nold\n{END}\nafter\n", encoding="utf-8")
    replace_block(path, f"{START}\nnew\n{END}", start=START, end=END, heading="## X")
    assert path.read_text(encoding="utf-8") == f"# B\n\nbefore\n{START}\nnew\n{END}\nafter\n"


def test_a_missing_block_is_appended_under_its_heading(tmp_path):
    path = tmp_path / "B.md"
    path.write_text("# B\n\ntext\n", encoding="utf-8")
    replace_block(path, f"{START}\nnew\n{END}", start=START, end=END, heading="## X")
    assert path.read_text(encoding="utf-8") == f"# B\n\ntext\n\n## X\n\n{START}\nnew\n{END}\n"
