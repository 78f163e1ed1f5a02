"""Request guards: origin allow-lists, rate limits, body size, message checks."""

from __future__ import annotations

import math
import secrets
import time
from typing import NoReturn

from fastapi import HTTPException, Request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from pydantic import SecretStr
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.config import Settings
from bot.sites import Site, SiteRegistry
from bot.text import clean_input


def own_origin(request: Request) -> str:
    """Return the origin the server itself is reached at."""
    return f"{request.url.scheme}://{request.url.netloc}"


def client_ip(request: Request) -> str:
    """Return the client's address (as the proxy reports it), for rate limits only."""
    return request.client.host if request.client else "unknown"


def require_bearer(
    request: Request, token: SecretStr | None, authorization: str | None, disabled: str
) -> None:
    """Allow only `Authorization: Bearer <token>`; with no token configured, refuse with 403.

    `disabled` says which setting turns the endpoint on. A client that keeps sending
    wrong tokens is refused for a while (429) before its token is even compared.
    """
    if token is None:
        raise HTTPException(403, detail=disabled)
    limits: RateLimits = request.app.state.rate_limits
    ip = client_ip(request)
    limits.check_wrong_tokens(ip)
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        given.encode(), token.get_secret_value().encode()
    ):
        limits.count_wrong_token(ip)
        raise HTTPException(
            401, detail="missing or wrong token", headers={"WWW-Authenticate": "Bearer"}
        )


def resolve_site(request: Request, sites: SiteRegistry, site_id: str | None) -> Site:
    """Return the site, or raise 404/403 when it is unknown or the origin is not allowed."""
    site = sites.get(site_id)
    if site is None:
        raise HTTPException(404, detail=f"unknown site {site_id!r}")
    origin = request.headers.get("origin")
    if not site.allows_origin(origin, {own_origin(request)}):
        raise HTTPException(403, detail=f"origin {origin} is not allowed for site {site.id!r}")
    return site


def check_message(text: str, settings: Settings) -> str:
    """Clean a question; raise 422 with a reason when it is empty or too long."""
    cleaned = clean_input(text)
    if not cleaned:
        raise HTTPException(422, detail="message is empty")
    if len(cleaned) > settings.max_message_chars:
        raise HTTPException(
            422,
            detail=f"message is too long: {len(cleaned)} characters, "
            f"the limit is {settings.max_message_chars}",
        )
    return cleaned


class RateLimits:
    """Moving-window limits per client IP and per session."""

    def __init__(self, settings: Settings) -> None:
        """Parse the limits; storage may be shared (redis://) across workers."""
        self._limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage))
        self._ip = parse(settings.rate_limit_ip)
        self._session = parse(settings.rate_limit_session)
        # Guessing a staff or metrics token: a few tries a minute, then wait.
        self._wrong_tokens = parse(settings.rate_limit_wrong_token)

    def check(self, ip: str, session_id: str | None) -> None:
        """Raise 429 with Retry-After when a limit is exceeded."""
        for item, key in ((self._ip, f"ip:{ip}"), (self._session, f"session:{session_id}")):
            if key.endswith(":None"):
                continue
            if not self._limiter.hit(item, key):
                self._refuse(item, key)

    def check_wrong_tokens(self, ip: str) -> None:
        """Raise 429 while `ip` has sent too many wrong tokens recently."""
        if not self._limiter.test(self._wrong_tokens, f"token:{ip}"):
            self._refuse(self._wrong_tokens, f"token:{ip}")

    def count_wrong_token(self, ip: str) -> None:
        """Count one wrong token from `ip`."""
        self._limiter.hit(self._wrong_tokens, f"token:{ip}")

    def _refuse(self, item: RateLimitItem, key: str) -> NoReturn:
        reset, _ = self._limiter.get_window_stats(item, key)
        retry = max(1, math.ceil(reset - time.time()))
        raise HTTPException(
            429,
            detail="too many requests, please wait a moment",
            headers={"Retry-After": str(retry)},
        )


class BodySizeLimit:
    """Refuse request bodies over a byte limit with 413, even without Content-Length."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        """Wrap `app`."""
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Read the body first (it is small by design) and refuse it whole when too large.

        Counting while the app reads would not do: a framework that reads the body for
        the app turns any error raised then into its own 400.
        """
        if (
            scope["type"] != "http"
            or scope["method"] not in _WITH_BODY
            or scope["path"].startswith("/telegram/")
        ):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        parts: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                await self.app(scope, _replay([message], receive), send)
                return
            parts.append(message.get("body", b""))
            seen += len(parts[-1])
            if seen > self.max_bytes:
                await _too_large(send, self.max_bytes)
                return
            if not message.get("more_body", False):
                break
        whole: Message = {"type": "http.request", "body": b"".join(parts), "more_body": False}
        await self.app(scope, _replay([whole], receive), send)


_WITH_BODY = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """Return a receive that gives `messages` first, then reads on (to see disconnects)."""
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


class SecurityHeaders:
    """Add the headers every response should carry.

    No content sniffing, no framing, no referrer; and no caching of answers (they hold
    what a visitor asked) or of the admin API.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Wrap `app`."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers a response does not set itself."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"].startswith(_PRIVATE)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {name.lower() for name, _ in raw}
                wanted = dict(_ALWAYS)
                if private:
                    wanted[b"cache-control"] = b"no-store"
                raw += [(k, v) for k, v in wanted.items() if k not in present]
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


_PRIVATE = ("/api/chat", "/admin/")
_ALWAYS = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"content-security-policy": b"frame-ancestors 'none'",
    b"referrer-policy": b"no-referrer",
}


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"detail":"request body too large (limit {limit} bytes)"}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
