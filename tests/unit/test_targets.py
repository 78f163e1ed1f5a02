"""Quality targets are judged per content language, with honest intervals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation.run import Summary
from bot.evaluation.targets import Target, check, load_targets, wilson

REPO = Path(__file__).resolve().parents[2]


def test_wilson_interval_is_wide_for_a_small_slice_and_none_without_items() -> None:
    low, high = wilson(17, 20) or (0.0, 0.0)
    assert low == pytest.approx(0.640, abs=0.001)
    assert high == pytest.approx(0.948, abs=0.001)
    # All right is still not proof of 100%: the lower bound says how sure 20/20 is.
    assert (wilson(20, 20) or (0.0, 0.0))[0] == pytest.approx(0.839, abs=0.001)
    assert wilson(0, 0) is None


def test_a_per_language_target_applies_only_to_languages_with_content() -> None:
    def tally(**counts: tuple[int, int]) -> Summary:
        return Summary(metrics={k: n / d for k, (n, d) in counts.items()}, counts=counts)

    summary = {
        "all": tally(key_facts=(27, 30), refusal_recall=(4, 5)),
        "en": tally(key_facts=(17, 20)),
        "ko": tally(key_facts=(1, 2)),  # no Korean content: not held to the target
        "ja": tally(key_facts=(8, 8)),
    }
    targets = [Target("key_facts", 0.9, per_content_language=True), Target("refusal_recall", 0.95)]
    checks = check(targets, summary, content_languages={"en", "ja", "vi"})
    assert [(c.metric, c.slice, c.met) for c in checks] == [
        ("key_facts", "en", False),
        ("key_facts", "ja", True),
        ("refusal_recall", "all", False),
    ]
    assert checks[0].interval == wilson(17, 20)


def test_the_bundled_targets_are_the_issue_targets(tmp_path: Path) -> None:
    targets = {t.metric: t for t in load_targets(REPO / "bench/golden/targets.json")}
    assert targets["key_facts"] == Target("key_facts", 0.90, per_content_language=True)
    assert targets["citations"].minimum == 0.98
    assert targets["refusal_precision"].minimum == targets["refusal_recall"].minimum == 0.95
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"mrr": 0.5}))
    assert load_targets(path) == [Target("mrr", 0.5)]
