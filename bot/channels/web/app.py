"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from bot.channels.web import admin, routes
from bot.channels.web.cors import SiteCORSMiddleware
from bot.channels.web.guards import BodySizeLimit, RateLimits
from bot.config import Settings, get_settings
from bot.services import Services, build_services

log = logging.getLogger(__name__)


def create_app(services: Services | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app; with no services given, build them (ingesting an empty index)."""
    if services is None:
        services = build_services(settings or get_settings(), ingest_if_empty=True)
    settings = services.settings
    telegram = _telegram(services)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if telegram is not None:
            from bot.channels.telegram.webhook import start_webhook, stop_webhook

            await start_webhook(telegram, settings)
        try:
            yield
        finally:
            if telegram is not None:
                await stop_webhook(telegram)

    app = FastAPI(
        title="Ask Viet Nam",
        version="0.1.0",
        description="Answers about Viet Nam from official content, with citations.",
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.rate_limits = RateLimits(settings)
    app.include_router(routes.router)
    app.include_router(admin.router)
    if telegram is not None:
        from bot.channels.telegram.webhook import telegram_router

        app.include_router(telegram_router(telegram, settings))
    app.add_middleware(SiteCORSMiddleware, sites=services.sites)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    return app


def _telegram(services: Services) -> Any:
    settings = services.settings
    if settings.telegram_token is None:
        return None
    if settings.telegram_webhook_secret is None:
        log.warning("Telegram token set but no ASKVN_TELEGRAM_WEBHOOK_SECRET: webhook disabled")
        return None
    from bot.channels.telegram.application import build_application

    return build_application(services, webhook=True)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    reasons = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()]
    return JSONResponse({"detail": "; ".join(reasons) or "invalid request"}, status_code=422)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
