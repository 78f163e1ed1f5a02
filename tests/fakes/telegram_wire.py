"""The Bot API on the wire: how PTB encodes a request, how Telegram reports an error."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse

# PTB form-encodes parameters: strings raw, everything else JSON-encoded field by field.
STRING_FIELDS = {
    "text", "parse_mode", "action", "callback_query_id", "url", "secret_token", "caption",
    "inline_message_id", "ip_address", "language_code", "business_connection_id",
}  # fmt: skip


@dataclass
class Call:
    """One Bot API request the bot made."""

    method: str
    params: dict[str, Any]
    status: int = 200
    result: Any = None

    @property
    def buttons(self) -> list[list[dict[str, Any]]]:
        """Return the inline keyboard rows of the call, if any."""
        markup = self.params.get("reply_markup") or {}
        return list(markup.get("inline_keyboard", []))


def decode(body: bytes) -> dict[str, Any]:
    """Decode PTB's form body: JSON-decode every value except the plain string fields."""
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        if key in STRING_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params


def error(code: int, description: str, **parameters: Any) -> JSONResponse:
    """Return a Bot API error response (`parameters` such as retry_after)."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=code)
