"""CORS as an allow-list for the public API: the sites' origins (each route checks its own site).

Only `/api/*` is meant for the widget on embassy pages; the admin API, metrics and
content pages get no CORS headers, so no other site's page can read them.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.channels.web.guards import own_origin
from bot.sites import SiteRegistry

_ALLOW_HEADERS = "content-type"
PUBLIC_PREFIX = "/api/"


class SiteCORSMiddleware:
    """Answer preflights for allowed origins only; tag allowed responses with ACAO."""

    def __init__(self, app: ASGIApp, sites: SiteRegistry) -> None:
        """Wrap `app` with the registry's origins."""
        self.app = app
        self.sites = sites

    def _allowed(self, origin: str, scope: Scope) -> bool:
        origin = origin.rstrip("/")
        return origin in self.sites.all_origins() or origin == own_origin(Request(scope))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle preflight and decorate responses."""
        if scope["type"] != "http" or not scope["path"].startswith(PUBLIC_PREFIX):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        allowed = self._allowed(origin, scope)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            response: Response
            if not allowed:
                response = PlainTextResponse("origin not allowed", status_code=403)
            else:
                response = PlainTextResponse("OK", headers=self._headers(origin, preflight=True))
            await response(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            # A refusal is readable by the refused page too, so its widget can tell "not
            # allowed here" from "server unreachable" (it says nothing else).
            if message["type"] == "http.response.start" and (allowed or message["status"] == 403):
                raw = list(message.get("headers", []))
                raw += [(k.lower().encode(), v.encode()) for k, v in self._headers(origin).items()]
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_cors)

    @staticmethod
    def _headers(origin: str, *, preflight: bool = False) -> dict[str, str]:
        out = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        if preflight:
            out |= {
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": _ALLOW_HEADERS,
                "Access-Control-Max-Age": "600",
            }
        else:
            out["Access-Control-Expose-Headers"] = "Retry-After"
        return out
