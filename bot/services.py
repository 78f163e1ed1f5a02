"""The Services container: everything a channel needs, built once and passed in."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering.generative import Generator
from bot.answering.llm import make_chat_model
from bot.answering.service import AnswerService
from bot.config import Settings
from bot.knowledge.indexing import KnowledgeIndex
from bot.sites import SiteRegistry
from bot.storage.db import Store


@dataclass
class Services:
    """Long-lived objects shared by the web app, Telegram and the CLI."""

    settings: Settings
    index: KnowledgeIndex
    answerer: AnswerService
    store: Store
    sites: SiteRegistry

    def close(self) -> None:
        """Release database connections."""
        self.store.close()


def build_services(settings: Settings, *, ingest_if_empty: bool = False) -> Services:
    """Build every service from settings; optionally ingest the knowledge base on first start."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    index = KnowledgeIndex.from_settings(settings)
    if ingest_if_empty and index.count() == 0:
        index.sync([settings.knowledge_dir])
    sites = SiteRegistry.load(settings.resolved_sites_file)
    chat_model = make_chat_model(settings)
    answerer = AnswerService(
        settings=settings,
        retriever=index.retriever(),
        generator=Generator(chat_model) if chat_model is not None else None,
    )
    return Services(
        settings=settings,
        index=index,
        answerer=answerer,
        store=Store(settings.resolved_database_url),
        sites=sites,
    )
