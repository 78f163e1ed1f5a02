"""Optional LLM for generated answers: any OpenAI-compatible server (vLLM, llama.cpp…) or Ollama."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel

from bot.config import Settings


def make_chat_model(settings: Settings, http_client: Any | None = None) -> BaseChatModel | None:
    """Build the configured chat model, or None for extractive answers (the default)."""
    match settings.llm_provider:
        case "extractive":
            return None
        case "openai":
            from langchain_openai import ChatOpenAI

            return ChatOpenAI(
                base_url=settings.llm_base_url,
                api_key=settings.llm_api_key,
                model=settings.llm_model,
                temperature=0,
                timeout=settings.llm_timeout,
                max_retries=1,
                http_client=http_client,
            )
        case "ollama":
            from langchain_ollama import ChatOllama

            return ChatOllama(
                base_url=settings.llm_base_url,
                model=settings.llm_model,
                temperature=0,
                client_kwargs={"timeout": settings.llm_timeout},
            )
