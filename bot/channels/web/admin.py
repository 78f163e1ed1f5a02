"""Staff endpoints (bearer token): re-ingest, statistics, what people ask, what went unanswered."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query

from bot.channels.web.guards import require_bearer
from bot.channels.web.routes import ServicesDep
from bot.storage.db import Exchange


def require_admin(
    services: ServicesDep, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Allow only requests carrying `Authorization: Bearer <ASKVN_ADMIN_TOKEN>`."""
    require_bearer(
        services.settings.admin_token, authorization, "admin API disabled: set ASKVN_ADMIN_TOKEN"
    )


router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin)])
_sync_lock = asyncio.Lock()


@router.post("/reindex")
async def reindex(services: ServicesDep, dry_run: bool = False) -> dict[str, Any]:
    """Sync the index with the knowledge folder (same as `python ingest.py`)."""
    async with _sync_lock:
        report = await asyncio.to_thread(
            services.index.sync, [services.settings.knowledge_dir], dry_run=dry_run
        )
    return asdict(report)


@router.get("/stats")
async def stats(services: ServicesDep, site: str | None = None) -> dict[str, Any]:
    """Return question, answered-ratio and feedback counts."""
    result = asdict(await asyncio.to_thread(services.store.stats, site))
    result["answered_ratio"] = (
        round(result["answered"] / result["questions"], 3) if result["questions"] else None
    )
    return result


def _rows(rows: list[Exchange]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "created": r.created.isoformat(),
            "channel": r.channel,
            "site": r.site,
            "language": r.language,
            "question": r.question,
            "answered": r.answered,
            "confidence": r.confidence,
        }
        for r in rows
    ]


@router.get("/unanswered")
async def unanswered(
    services: ServicesDep, limit: Annotated[int, Query(ge=1, le=500)] = 50, site: str | None = None
) -> list[dict[str, Any]]:
    """Return recent questions the bot could not answer (content gaps to fill)."""
    return _rows(await asyncio.to_thread(services.store.unanswered, limit, site))


@router.get("/questions")
async def questions(
    services: ServicesDep, limit: Annotated[int, Query(ge=1, le=500)] = 50, site: str | None = None
) -> list[dict[str, Any]]:
    """Return recent questions with their outcome."""
    return _rows(await asyncio.to_thread(services.store.recent, limit, site))
