"""Staff endpoints (bearer token): re-ingest, statistics, what people ask, what went unanswered.

Lists are newest first, one page at a time: a full page carries a `Link: <…>; rel="next"`
header (and `X-Next-Cursor`) to the next one, so every row stays reachable. Every list
can be filtered by site, channel, language and time, and exported as CSV (`format=csv`).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response

from bot.channels.web.guards import require_bearer
from bot.channels.web.routes import ServicesDep
from bot.knowledge.locking import SyncInProgress
from bot.storage.analytics import BadCursor, Cursor, Filters, Page
from bot.storage.models import Exchange, Feedback


def require_admin(
    request: Request, services: ServicesDep, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Allow only requests carrying `Authorization: Bearer <ASKVN_ADMIN_TOKEN>`."""
    require_bearer(
        request,
        services.settings.admin_token,
        authorization,
        "admin API disabled: set ASKVN_ADMIN_TOKEN",
    )


router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_admin)])

ID = r"^[A-Za-z0-9_.-]{1,64}$"
Limit = Annotated[int, Query(ge=1, le=500, description="rows per page")]
WHEN = "(ISO 8601, e.g. 2026-11-01 or 2026-11-01T08:00+07:00; UTC without an offset)"
Format = Annotated[Literal["json", "csv"], Query(description="json, or csv for a spreadsheet")]


def filters(
    site: Annotated[str | None, Query(pattern=ID)] = None,
    channel: Annotated[Literal["web", "telegram"] | None, Query()] = None,
    language: Annotated[str | None, Query(pattern=r"^[A-Za-z-]{2,16}$")] = None,
    since: Annotated[datetime | None, Query(description=f"from {WHEN}")] = None,
    until: Annotated[datetime | None, Query(description=f"before {WHEN}")] = None,
) -> Filters:
    """Read the filters every analytics endpoint takes."""
    return Filters(site=site, channel=channel, language=language, since=since, until=until)


FiltersDep = Annotated[Filters, Depends(filters)]


def cursor(
    cursor: Annotated[str | None, Query(max_length=200, description="from the last page")] = None,
) -> Cursor | None:
    """Decode the page cursor; 422 for one this server did not hand out."""
    try:
        return Cursor.decode(cursor) if cursor else None
    except BadCursor as exc:
        raise HTTPException(422, detail=str(exc)) from exc


CursorDep = Annotated[Cursor | None, Depends(cursor)]


@router.post("/reindex")
async def reindex(services: ServicesDep, dry_run: bool = False) -> dict[str, Any]:
    """Sync the index with the knowledge folder (same as `python ingest.py`).

    409 while another sync runs (from this API, another worker or `ingest.py`).
    """
    try:
        report = await asyncio.to_thread(
            services.index.sync, [services.settings.knowledge_dir], dry_run=dry_run, wait=False
        )
    except SyncInProgress as exc:
        raise HTTPException(409, detail=str(exc)) from exc
    return asdict(report)


@router.get("/stats")
async def stats(services: ServicesDep, where: FiltersDep) -> dict[str, Any]:
    """Return counts of questions, answers, refusals (by reason) and votes, with breakdowns.

    Greetings and thanks are counted apart (`small_talk`), not as questions answered.
    """
    result = asdict(await asyncio.to_thread(services.store.stats, filters=where))
    result["answered_ratio"] = (
        round(result["answered"] / result["questions"], 3) if result["questions"] else None
    )
    return result


def _exchange(r: Exchange) -> dict[str, Any]:
    return {
        "id": r.id,
        "created": r.created.isoformat(),
        "channel": r.channel,
        "site": r.site,
        "language": r.language,
        "question": r.question,
        "answered": r.answered,
        "kind": r.kind,
        "reason": r.reason,
        "confidence": r.confidence,
    }


def _vote(v: Feedback) -> dict[str, Any]:
    e = v.exchange
    return {
        "created": v.created.isoformat(),
        "rating": "up" if v.rating > 0 else "down",
        "comment": v.comment,
        "channel": v.channel,
        "site": e.site,
        "language": e.language,
        "answer_id": e.id,
        "question": e.question,
        "answer": e.answer,
        "sources": " ".join(s["url"] for s in json.loads(e.sources or "[]")),
    }


def _respond(
    request: Request, page: Page, shape: Callable[[Any], dict[str, Any]], fmt: str, name: str
) -> Any:
    """Return the page as JSON rows or CSV, with a link to the next page when there is one."""
    rows = [shape(r) for r in page.rows]
    headers: dict[str, str] = {}
    if page.next is not None:
        token = page.next.encode()
        headers["Link"] = f'<{request.url.include_query_params(cursor=token)}>; rel="next"'
        headers["X-Next-Cursor"] = token
    if fmt == "csv":
        headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return Response(_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)
    return Response(
        json.dumps(rows, ensure_ascii=False), media_type="application/json", headers=headers
    )


def _csv(rows: list[dict[str, Any]]) -> str:
    """Write rows as CSV; a cell a spreadsheet would run as a formula is quoted as text."""
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def _cell(value: Any) -> Any:
    # Questions come from the public: "=HYPERLINK(…)" must stay text in Excel.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@router.get("/unanswered")
async def unanswered(
    request: Request,
    services: ServicesDep,
    where: FiltersDep,
    after: CursorDep,
    limit: Limit = 50,
    reason: Annotated[
        Literal["not_found", "out_of_remit", "all"],
        Query(description="not_found: content gaps (default); out_of_remit: off-topic"),
    ] = "not_found",
    format: Format = "json",
) -> Any:
    """Return questions the bot declined: by default the content gaps to fill."""
    chosen = None if reason == "all" else reason
    page = await asyncio.to_thread(
        services.store.unanswered, limit, filters=where, reason=chosen, after=after
    )
    return _respond(request, page, _exchange, format, "unanswered")


@router.get("/questions")
async def questions(
    request: Request,
    services: ServicesDep,
    where: FiltersDep,
    after: CursorDep,
    limit: Limit = 50,
    format: Format = "json",
) -> Any:
    """Return questions with their outcome (kind, refusal reason, confidence)."""
    page = await asyncio.to_thread(services.store.recent, limit, filters=where, after=after)
    return _respond(request, page, _exchange, format, "questions")


@router.get("/feedback")
async def feedback(
    request: Request,
    services: ServicesDep,
    where: FiltersDep,
    after: CursorDep,
    limit: Limit = 50,
    rating: Annotated[Literal["up", "down", "all"], Query()] = "all",
    format: Format = "json",
) -> Any:
    """Return votes with their comment and the question and answer they judge."""
    score = {"up": 1, "down": -1}.get(rating)
    page = await asyncio.to_thread(
        services.store.feedback, limit, filters=where, rating=score, after=after
    )
    return _respond(request, page, _vote, format, "feedback")
