"""`python -m bot.eval` writes one report per split unless told where."""

from __future__ import annotations

from pathlib import Path

from bot.eval import report_path

REPO = Path(__file__).resolve().parents[2]


def test_the_report_is_named_after_its_split_unless_given() -> None:
    assert report_path(None, "test") == Path("bench/results/eval-test.md")
    assert report_path(None, "dev") == Path("bench/results/eval-dev.md")
    assert report_path(None, "all") == Path("bench/results/eval-all.md")
    assert report_path(Path("gate.md"), "test") == Path("gate.md")
    # A fast subset never replaces the full report kept in the repository.
    assert report_path(None, "test", per_lang=3) == Path("bench/results/eval-test-3-per-lang.md")


def test_the_kept_reports_are_the_ones_the_defaults_write() -> None:
    for split in ("dev", "test", "all"):
        assert (REPO / report_path(None, split)).is_file()
