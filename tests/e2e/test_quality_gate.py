"""Regression gate: a fast subset of the golden set on the bundled knowledge base.

Thresholds (bench/golden/gate.json) sit just under the numbers the current pipeline
reaches on this subset, so a change that makes answers worse fails CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import eval as evaluation
from bot.config import get_settings

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def test_answer_quality_does_not_regress(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, model_dir: Path
) -> None:
    data = tmp_path_factory.mktemp("gate")
    monkeypatch.setenv("ASKVN_KNOWLEDGE_DIR", str(REPO / "knowledge_base"))
    monkeypatch.setenv("ASKVN_DATA_DIR", str(data))
    monkeypatch.setenv("ASKVN_EMBEDDING_MODEL", str(model_dir))
    monkeypatch.chdir(REPO)
    get_settings.cache_clear()
    try:
        code = evaluation.main(
            [
                "--per-lang",
                "5",
                "--report",
                str(data / "gate.md"),
                "--gate",
                "bench/golden/gate.json",
            ]
        )
    finally:
        get_settings.cache_clear()
    report = (data / "gate.md").read_text()
    assert code == 0, report
    # The report also says which quality targets the subset meets, with intervals.
    assert "## Targets (bench/golden/targets.json)" in report
    assert "- Targets met: " in report
    assert "(95% Wilson interval)" in report
