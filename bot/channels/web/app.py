"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from bot.channels.web import admin, routes
from bot.channels.web.cors import SiteCORSMiddleware
from bot.channels.web.guards import BodySizeLimit, RateLimits, SecurityHeaders
from bot.config import Settings, get_settings
from bot.metrics import observe_request
from bot.services import Services, build_services
from bot.storage.retention import purge_periodically

log = logging.getLogger(__name__)


def create_app(services: Services | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app; with no services given, build them (ingesting an empty index)."""
    if services is None:
        services = build_services(settings or get_settings(), ingest_if_empty=True)
    settings = services.settings
    telegram = _telegram(services)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(services.answerer.warm_up)
        purging = asyncio.create_task(purge_periodically(services.store, settings.retention_days))
        retrying: asyncio.Task[None] | None = None
        if telegram is not None and not await _try_start_telegram(telegram, settings):
            # Telegram's servers (or the network to them) are down: the web API and the
            # widget serve on, and Telegram is started again in the background.
            retrying = asyncio.create_task(_retry_telegram(telegram, settings))
        try:
            yield
        finally:
            for task in (purging, retrying):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            if telegram is not None:
                await _stop_telegram(telegram)

    # Swagger UI and ReDoc from files shipped with the package: /docs works offline.
    app = FastAPIOffline(
        title="Ask Viet Nam",
        version="0.1.0",
        description="Answers about Viet Nam from official content, with citations.",
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.rate_limits = RateLimits(settings)
    app.include_router(routes.router)
    app.include_router(admin.router)
    if telegram is not None and telegram.updater is None:
        from bot.channels.telegram.webhook import telegram_router

        app.include_router(telegram_router(telegram, settings))
    # The last added runs first: CORS and security headers go on every response, even a
    # 413, and a refused body is counted in the metrics too.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.middleware("http")(_count_requests)
    app.add_middleware(SiteCORSMiddleware, sites=services.sites)
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    return app


def _telegram(services: Services) -> Any:
    """Build the Telegram application: webhook mode with a secret, else polling (1 worker)."""
    settings = services.settings
    if settings.telegram_token is None:
        return None
    from bot.channels.telegram.application import build_application

    if settings.telegram_webhook_secret is not None:
        return build_application(services, webhook=True)
    if settings.workers > 1:
        log.warning("Telegram polling needs one worker; set ASKVN_TELEGRAM_WEBHOOK_SECRET instead")
        return None
    return build_application(services, webhook=False)


async def _start_telegram(application: Any, settings: Settings) -> None:
    if application.updater is None:
        from bot.channels.telegram.webhook import start_webhook

        await start_webhook(application, settings)
        return
    from bot.channels.telegram.application import ALLOWED_UPDATES

    await application.initialize()
    await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=5)
    await application.start()
    log.info("Telegram bot polling inside the web server")


async def _try_start_telegram(application: Any, settings: Settings) -> bool:
    """Start Telegram; return False (logged) when its servers cannot be reached now.

    A token that Telegram rejects turns the channel off (logged) rather than stopping
    the web API with it: True, nothing to retry.
    """
    from telegram.error import InvalidToken, TelegramError

    try:
        await _start_telegram(application, settings)
    except InvalidToken:
        log.error("Telegram rejected the bot token: the Telegram channel is off")
    except (TelegramError, OSError) as exc:
        log.error("Telegram could not start (%s): the web API serves on", type(exc).__name__)
        return False
    return True


async def _retry_telegram(application: Any, settings: Settings) -> None:
    """Try again to start Telegram, waiting twice as long each time (up to five minutes)."""
    delay = settings.telegram_start_retry_seconds
    while True:
        await asyncio.sleep(delay)
        if await _try_start_telegram(application, settings):
            return
        delay = min(delay * 2, 300.0)


async def _stop_telegram(application: Any) -> None:
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    from bot.channels.telegram.webhook import stop_webhook

    await stop_webhook(application)


async def _count_requests(request: Request, call_next: Any) -> Any:
    started = time.perf_counter()
    response = await call_next(request)
    route = request.scope.get("route")
    endpoint = getattr(route, "path", "unmatched")  # a template: no ids or paths from users
    observe_request(endpoint, request.method, response.status_code, time.perf_counter() - started)
    return response


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": "; ".join(map(_reason, exc.errors())) or "invalid request"}, 422)


def _reason(error: Any) -> str:
    """Say what is wrong with a request in words a developer reads at once."""
    if error.get("type") == "json_invalid":
        return f"malformed JSON near character {error['loc'][-1]}"
    field = ".".join(str(p) for p in error["loc"][1:])
    if not field:
        return "the body must be a JSON object" if error["type"] != "missing" else "empty body"
    return f"{field}: {str(error['msg']).removeprefix('Value error, ')}"


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
