"""Public HTTP routes: chat (JSON and SSE), feedback, sites, health, metrics, widget."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import date
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse
from sse_starlette.sse import EventSourceResponse

from bot.channels.web.chat import answer_chat
from bot.channels.web.guards import client_ip, require_bearer, resolve_site
from bot.channels.web.schemas import ChatRequest, ChatResponse, FeedbackRequest, SiteOut
from bot.knowledge.loaders import LoadError, load_file, within
from bot.metrics import FEEDBACK, render
from bot.retrieval.embeddings import embedding_name
from bot.services import Services
from bot.text import sentence_pieces


def get_services(request: Request) -> Services:
    """Return the app's services."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
router = APIRouter()
STATIC = resources.files("bot.channels.web") / "static"


@router.post("/api/chat", response_model=ChatResponse, tags=["chat"])
async def chat(body: ChatRequest, request: Request, services: ServicesDep) -> ChatResponse:
    """Answer a question with citations from the official content."""
    answer, session_id = await answer_chat(services, request, body)
    return ChatResponse.of(answer, session_id)


@router.post("/api/chat/stream", tags=["chat"])
async def chat_stream(
    body: ChatRequest, request: Request, services: ServicesDep
) -> EventSourceResponse:
    """Answer as Server-Sent Events: meta, answer parts, sources, done."""
    answer, session_id = await answer_chat(services, request, body)
    response = ChatResponse.of(answer, session_id)

    async def events() -> AsyncIterator[dict[str, str]]:
        yield {
            "event": "meta",
            "data": json.dumps({"session_id": session_id, "answer_id": response.answer_id}),
        }
        # Slices of the answer: joined, the deltas are the official text exactly.
        for piece in sentence_pieces(response.answer):
            yield {"event": "delta", "data": json.dumps({"text": piece}, ensure_ascii=False)}
            await asyncio.sleep(0)
        sources = [s.model_dump() for s in response.sources]
        done = {
            "sources": sources,
            "answered": response.answered,
            "language": response.language,
            "answer": response.answer,
        }
        yield {"event": "sources", "data": json.dumps(done, ensure_ascii=False)}
        yield {"event": "done", "data": "{}"}

    return EventSourceResponse(events(), ping=15)


@router.post("/api/feedback", tags=["chat"])
async def feedback(
    body: FeedbackRequest, request: Request, services: ServicesDep
) -> dict[str, bool]:
    """Record a thumbs up or down on an answer (one vote per answer; a new vote replaces it).

    Only pages allowed for the site the answer was given on may vote on it, within the
    same rate limits as questions.
    """
    site_id = await asyncio.to_thread(services.store.site_of, body.answer_id)
    if site_id is None:
        raise HTTPException(404, detail="unknown answer_id")
    resolve_site(request, services.sites, site_id)
    request.app.state.rate_limits.check(client_ip(request), body.answer_id)
    ok = await asyncio.to_thread(
        services.store.add_feedback, body.answer_id, body.score, body.comment, "web"
    )
    if not ok:
        raise HTTPException(404, detail="unknown answer_id")
    FEEDBACK.labels("web", "up" if body.score > 0 else "down").inc()
    return {"ok": True}


@router.get("/api/sites/{site_id}", response_model=SiteOut, tags=["sites"])
async def site_info(site_id: str, request: Request, services: ServicesDep) -> SiteOut:
    """Return a site's greeting, suggestions, languages, colours and contacts."""
    site = resolve_site(request, services.sites, site_id)
    return SiteOut(
        id=site.id,
        name=site.name,
        accent=site.accent,
        default_lang=site.default_lang,
        languages=site.languages,
        greeting=site.greeting,
        suggested=site.suggested,
        contact=site.contact.model_dump(),
        max_chars=services.settings.max_message_chars,
    )


@router.get("/api/health", tags=["ops"])
async def health(services: ServicesDep, response: Response) -> dict[str, Any]:
    """Report index size, model and whether the store is reachable (503 if not, or empty)."""
    try:
        chunks: int | None = await asyncio.to_thread(services.index.count)
        reachable = True
    except Exception:
        chunks, reachable = None, False
    # An empty index answers nothing: take this instance out of the load balancer too.
    healthy = reachable and bool(chunks)
    if not healthy:
        response.status_code = 503
    return {
        "status": "ok" if healthy else ("empty" if reachable else "degraded"),
        "index_chunks": chunks,
        "store_reachable": reachable,
        "store": "chroma-http" if services.settings.chroma_url else "chroma-embedded",
        "model": embedding_name(services.index.embeddings),
        "answer_mode": services.settings.llm_provider,
        "sites": len(services.sites.all()),
    }


@router.get("/metrics", include_in_schema=False)
async def metrics(
    request: Request, services: ServicesDep, authorization: Annotated[str | None, Header()] = None
) -> Response:
    """Expose Prometheus metrics to a scraper holding the metrics (or admin) token.

    They show traffic per site, so they are not public.
    """
    settings = services.settings
    require_bearer(
        request,
        settings.metrics_token or settings.admin_token,
        authorization,
        "metrics disabled: set ASKVN_METRICS_TOKEN (or ASKVN_ADMIN_TOKEN)",
    )
    body, content_type = render()
    return Response(body, media_type=content_type)


@router.get("/widget.js", include_in_schema=False)
async def widget() -> Response:
    """Serve the embeddable widget."""
    return Response(
        (STATIC / "widget.js").read_bytes(),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
    )


@router.get("/", include_in_schema=False, response_class=HTMLResponse)
async def demo() -> HTMLResponse:
    """Serve the demo embassy page with the widget."""
    return HTMLResponse((STATIC / "demo.html").read_text(encoding="utf-8"))


@router.get("/kb/{path:path}", include_in_schema=False)
async def kb_file(path: str, services: ServicesDep) -> Response:
    """Show a text that has no official URL of its own.

    Only a text the bot can cite today: not an expired or superseded edition, and not
    a file of the knowledge folder that is no content (its README, the sites config).
    A PDF is served as itself; any other file as the plain text the bot answers from
    (an HTML page's markup and scripts never run from this site).
    """
    today = int(date.today().strftime("%Y%m%d"))
    source = services.answerer.retriever.corpus.source_served_at(f"/kb/{path}", today)
    root = services.settings.knowledge_dir
    target = root / source if source else root
    if not source or not target.is_file() or not within(target, root):
        raise HTTPException(404, detail="not found")
    if target.suffix.lower() == ".pdf":
        return FileResponse(
            target,
            media_type="application/pdf",
            filename=target.name,
            content_disposition_type="inline",
        )
    try:
        content = await asyncio.to_thread(lambda: load_file(target, source, target.read_bytes()))
    except LoadError:
        raise HTTPException(404, detail="not found") from None
    return PlainTextResponse(f"{content.title}\n\n{content.text}\n")
