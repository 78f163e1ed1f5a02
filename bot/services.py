"""The Services container: everything a channel needs, built once and passed in."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answering.generative import Generator
from bot.answering.llm import make_chat_model
from bot.answering.missions import MissionRouter
from bot.answering.service import AnswerService
from bot.config import Settings
from bot.knowledge.indexing import KnowledgeIndex, SyncReport
from bot.retrieval.other_names import OtherNames
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


def first_ingest(index: KnowledgeIndex, settings: Settings) -> SyncReport | None:
    """Fill an empty index from the knowledge folder; None when it holds content already.

    Workers starting together take turns (the sync lock): the first ingests, the others
    then find every file unchanged.
    """
    return None if index.count() else index.sync([settings.knowledge_dir])


def build_services(settings: Settings, *, ingest_if_empty: bool = False) -> Services:
    """Build every service from settings; optionally ingest the knowledge base on first start."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    index = KnowledgeIndex.from_settings(settings)
    if ingest_if_empty:
        first_ingest(index, settings)
    sites = SiteRegistry.load(settings.resolved_sites_file)
    chat_model = make_chat_model(settings)
    answerer = AnswerService(
        settings=settings,
        retriever=index.retriever(),
        generator=Generator(chat_model) if chat_model is not None else None,
        missions=MissionRouter(sites.all()),
        names=OtherNames.load(settings.resolved_names_file),
    )
    return Services(
        settings=settings,
        index=index,
        answerer=answerer,
        store=Store(settings.resolved_database_url),
        sites=sites,
    )
