"""Quality targets, and how sure a measured rate is (Wilson 95% intervals)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scipy.stats import binomtest

if TYPE_CHECKING:
    from bot.evaluation.run import Summary


def wilson(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """Return the Wilson score interval of successes/trials (None without trials).

    Per-language slices of a golden set are small: 17 of 20 is 0.85, but the true rate
    may be anywhere from 0.64 to 0.95. The interval says so.
    """
    if trials <= 0:
        return None
    ci = binomtest(successes, trials).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


@dataclass(frozen=True)
class Target:
    """A minimum for one metric, overall or in every language that has content."""

    metric: str
    minimum: float
    per_content_language: bool = False


@dataclass(frozen=True)
class Check:
    """One target applied to one slice, with the measured value."""

    metric: str
    slice: str
    minimum: float
    value: float | None
    counts: tuple[int, int] | None

    @property
    def met(self) -> bool:
        """Return True when the measured value reaches the target."""
        return self.value is not None and self.value >= self.minimum

    @property
    def interval(self) -> tuple[float, float] | None:
        """Return the 95% interval of the measured rate."""
        return wilson(*self.counts) if self.counts else None


def load_targets(path: Path) -> list[Target]:
    """Read targets: {"key_facts": {"min": 0.9, "per": "content_language"}, "citations": 0.98}."""
    raw: dict[str, float | dict[str, float | str]] = json.loads(path.read_text(encoding="utf-8"))
    targets = []
    for metric, spec in raw.items():
        if isinstance(spec, dict):
            per = spec.get("per") == "content_language"
            targets.append(Target(metric, float(spec["min"]), per))
        else:
            targets.append(Target(metric, float(spec)))
    return targets


def check(
    targets: list[Target], summary: Mapping[str, Summary], content_languages: Set[str]
) -> list[Check]:
    """Apply each target to the overall slice, or to each content language measured."""
    checks = []
    for target in targets:
        slices = (
            sorted(lang for lang in summary if lang in content_languages)
            if target.per_content_language
            else ["all"]
        )
        for name in slices:
            checks.append(
                Check(
                    metric=target.metric,
                    slice=name,
                    minimum=target.minimum,
                    value=summary[name].metrics.get(target.metric),
                    counts=summary[name].counts.get(target.metric),
                )
            )
    return checks
