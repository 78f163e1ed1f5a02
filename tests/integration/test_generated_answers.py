"""Optional LLM answers through an OpenAI-compatible endpoint (faked at the HTTP boundary)."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from pydantic import SecretStr

from bot.answering.generative import Generator, Ungrounded, check_grounded
from bot.answering.llm import make_chat_model
from bot.services import Services

Reply = Callable[[dict], str]


def endpoint(reply: Reply, seen: list[dict]) -> httpx.Client:
    """An OpenAI-compatible /chat/completions that answers with `reply(request)`."""

    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        content = reply(body)
        return httpx.Response(200, json={
            "id": "cmpl-1", "object": "chat.completion", "created": 0, "model": body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        })  # fmt: skip

    return httpx.Client(transport=httpx.MockTransport(handle))


@pytest.fixture
def use_llm(services: Services) -> Callable[[Reply], list[dict]]:
    def install(reply: Reply) -> list[dict]:
        seen: list[dict] = []
        settings = services.settings.model_copy(update={
            "llm_provider": "openai", "llm_base_url": "http://127.0.0.1:9/v1",
            "llm_model": "local-model", "llm_api_key": SecretStr("x"),
        })  # fmt: skip
        model = make_chat_model(settings, http_client=endpoint(reply, seen))
        assert model is not None
        services.answerer.generator = Generator(model)
        return seen

    return install


def test_grounded_generated_answer_in_the_users_language(services: Services, use_llm) -> None:  # type: ignore[no-untyped-def]
    def reply(body: dict) -> str:  # cite the source that holds the fee, as a real model would
        sources = body["messages"][1]["content"].split("\n\n[")
        n = next(i for i, block in enumerate(sources[1:], 1) if "25 USD" in block)
        return f"Le visa électronique coûte 25 USD pour une entrée et 50 USD pour plusieurs entrées [{n}]."

    seen = use_llm(reply)
    answer = services.answerer.answer("Combien coûte le visa électronique (e-visa) ?", lang="fr")
    assert answer.kind == "generated" and answer.language == "fr"
    assert answer.answer.startswith("Le visa électronique coûte 25 USD")
    assert answer.sources[0].url == "https://evisa.gov.vn/"
    prompt = seen[0]["messages"]
    assert (
        "ONLY the numbered official sources" in prompt[0]["content"]
        and "French" in prompt[0]["content"]
    )
    assert "25 USD" in prompt[1]["content"]  # the official text was given to the model


def test_invented_number_falls_back_to_the_official_text(services: Services, use_llm) -> None:  # type: ignore[no-untyped-def]
    use_llm(lambda _: "The e-visa costs 40 USD for a single entry [1].")
    answer = services.answerer.answer("What is the e-visa fee for a single entry?")
    assert answer.kind == "extractive" and "25 USD" in answer.answer


def test_uncited_sentence_falls_back(services: Services, use_llm) -> None:  # type: ignore[no-untyped-def]
    use_llm(lambda _: "The e-visa costs 25 USD [1]. It is the best visa in the world.")
    assert services.answerer.answer("What is the e-visa fee?").kind == "extractive"


def test_model_saying_no_answer_is_a_polite_refusal(services: Services, use_llm) -> None:  # type: ignore[no-untyped-def]
    use_llm(lambda _: "NO_ANSWER")
    answer = services.answerer.answer("What is the e-visa fee?")
    assert not answer.answered and answer.sources == []


def test_endpoint_down_falls_back(services: Services) -> None:
    def down(_: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    settings = services.settings.model_copy(
        update={"llm_provider": "openai", "llm_base_url": "http://127.0.0.1:9/v1"}
    )
    model = make_chat_model(settings, http_client=httpx.Client(transport=httpx.MockTransport(down)))
    assert model is not None
    services.answerer.generator = Generator(model)
    answer = services.answerer.answer("What is the e-visa fee?")
    assert answer.answered and answer.kind == "extractive" and "25 USD" in answer.answer


def test_official_statements_are_quoted_never_paraphrased(
    services: Services, use_llm, kb_dir
) -> None:  # type: ignore[no-untyped-def]
    (kb_dir / "national/position.en.md").write_text(
        "---\nkind: statement\ngroup: position\nurl: https://mofa.gov.vn/position\n---\n"
        "# Position on the archipelagos\n\nViet Nam affirms its sovereignty over the Hoàng Sa and Trường Sa archipelagos in accordance with international law."
    )
    services.index.sync([kb_dir])
    seen = use_llm(lambda _: "They belong to someone else [1].")
    answer = services.answerer.answer(
        "What is Viet Nam's position on the Hoàng Sa and Trường Sa archipelagos?"
    )
    assert seen == [] and answer.kind == "extractive"
    assert "affirms its sovereignty" in answer.answer


def test_grounding_check_rules() -> None:
    passages = ["The fee is 25 USD.", "Processing takes 3 working days."]
    assert check_grounded("It costs 25 USD [1]. It takes 3 days [2].", passages) == [1, 2]
    with pytest.raises(Ungrounded, match="number"):
        check_grounded("It costs 30 USD [1].", passages)
    with pytest.raises(Ungrounded, match="does not exist"):
        check_grounded("It costs 25 USD [3].", passages)
    with pytest.raises(Ungrounded, match="without a citation"):
        check_grounded("It costs 25 USD.", passages)


def test_default_mode_needs_no_llm(services: Services) -> None:
    assert make_chat_model(services.settings) is None
    assert services.answerer.generator is None
