"""CORS as an allow-list: the union of the sites' origins (each route checks its own site)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.channels.web.guards import own_origin
from bot.sites import SiteRegistry

_ALLOW_HEADERS = "content-type, authorization"


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
        if scope["type"] != "http":
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
            if message["type"] == "http.response.start" and allowed:
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
