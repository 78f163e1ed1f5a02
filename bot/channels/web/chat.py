"""Answering a web question: limits, history, the answer itself, analytics."""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
import uuid

from fastapi import HTTPException, Request

from bot.answering.models import Answer
from bot.channels.recording import record_exchange
from bot.channels.web.guards import check_message, client_ip, resolve_site
from bot.channels.web.schemas import ChatRequest
from bot.services import Services

log = logging.getLogger(__name__)


async def answer_chat(
    services: Services, request: Request, body: ChatRequest
) -> tuple[Answer, str]:
    """Validate a chat request, answer it with the conversation's history, record it."""
    site = resolve_site(request, services.sites, body.site)
    message = check_message(body.message, services.settings)
    session_id = body.session_id or uuid.uuid4().hex
    limits = request.app.state.rate_limits
    limits.check(client_ip(request), session_id)
    started = time.perf_counter()
    try:
        history = await asyncio.to_thread(
            services.store.history, session_id, services.settings.history_turns, site.id
        )
    except Exception as exc:  # conversations are context: the question is answered alone
        log.error("could not read the conversation: %s", type(exc).__name__)
        history = []
    try:
        answer = await asyncio.to_thread(
            services.answerer.answer, message, site=site, lang=body.lang, history=history
        )
    except Exception as exc:  # the index or the model failed: say so, keep serving
        # Where it failed, not the exception's text: that can quote the question.
        where = "".join(traceback.format_tb(exc.__traceback__))
        log.error("answering failed: %s\n%s", type(exc).__name__, where)
        raise HTTPException(
            503, detail="the knowledge service is unavailable, please try again shortly"
        ) from exc
    await record_exchange(
        services.store,
        channel="web",
        site=site.id,
        session_id=session_id,
        question=message,
        answer=answer,
        seconds=time.perf_counter() - started,
    )
    return answer, session_id
