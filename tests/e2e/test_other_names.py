"""A question naming a subject the way visitors do finds the official text that names it otherwise."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.services import Services, build_services
from tests.conftest import FIXTURE_KB, make_settings

STATEMENT = """---
title: Viet Nam's position on the East Sea
url: https://mofa.gov.vn/east-sea
lang: en
group: east-sea-position
kind: statement
updated: 2026-01-01
---
# Viet Nam's position on the East Sea

## Do the Hoàng Sa (Paracel) or Trường Sa (Spratly) archipelagos belong to another country?

Viet Nam has sufficient historical evidence and legal basis to affirm its sovereignty over
the Hoàng Sa (Paracel) and Trường Sa (Spratly) archipelagos in accordance with
international law. Administratively, Trường Sa belongs to Khánh Hòa province.
"""

NAMES = """- name: {en: Trường Sa (Spratly)}
  also: [Spratl*]
"""

QUESTIONS = ("Do the Spratly Islands belong to China?", "Les Spratleys sont-elles chinoises ?")


def _services(root: Path, model_dir: Path, *, names: bool) -> Services:
    kb = root / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    (kb / "national" / "east-sea.en.md").write_text(STATEMENT, encoding="utf-8")
    if names:
        (kb / "names.yaml").write_text(NAMES, encoding="utf-8")
    defaults = {
        name: Settings.model_fields[name].default
        for name in ("min_relevance", "min_relevance_cross", "min_relevance_uncovered")
    }
    settings = make_settings(kb, root / "data", embedding_model=str(model_dir), **defaults)
    return build_services(settings, ingest_if_empty=True)


@pytest.fixture(scope="module")
def with_names(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[Services]:
    built = _services(tmp_path_factory.mktemp("names"), model_dir, names=True)
    yield built
    built.close()


def test_the_official_position_answers_the_islands_by_their_usual_name(
    with_names: Services,
) -> None:
    for question in QUESTIONS:
        answer = with_names.answerer.answer(question)
        assert answer.answered, question
        assert answer.sources[0].url == "https://mofa.gov.vn/east-sea", question
        assert "sovereignty over the Hoàng Sa (Paracel) and Trường Sa (Spratly)" in answer.answer


def test_without_the_other_name_the_question_misses_the_official_position(
    tmp_path: Path, model_dir: Path
) -> None:
    built = _services(tmp_path, model_dir, names=False)
    try:
        assert not built.answerer.answer(QUESTIONS[0]).answered
    finally:
        built.close()


def test_the_names_file_is_not_content(with_names: Services) -> None:
    # names.yaml sits in the knowledge folder but is configuration, never an indexed text.
    sources = {m.get("source", "") for m in with_names.answerer.retriever.corpus.metas}
    assert not any(str(s).endswith("names.yaml") for s in sources)
