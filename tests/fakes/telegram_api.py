"""A fake Telegram Bot API server on 127.0.0.1: records every call, serves updates, fails on demand.

Run it with uvicorn inside the test's event loop (`await fake.start()`), point PTB at
`fake.base_url` / `fake.base_file_url`, then feed updates (built with
`tests.fakes.telegram_updates.Updates`) with `push_update(...)` for long polling, or POST
them to a webhook. Unknown methods answer 404.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes.telegram_wire import Call, decode, error

__all__ = ["Call", "FakeBotApi"]

Handler = Callable[[dict[str, Any]], Awaitable[Any]]


@dataclass
class FakeBotApi:
    """In-process fake of api.telegram.org for one bot token."""

    token: str = "123456:TEST-token_abc"
    bot_id: int = 777_000
    username: str = "AskVietNamTestBot"
    poll_cap: float = 1.0  # longest getUpdates wait, so shutdown never hangs
    calls: list[Call] = field(default_factory=list)
    polls: int = 0
    webhook: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Prepare state and routes."""
        self._updates: list[dict[str, Any]] = []
        self._message_ids = itertools.count(100_000)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._failures: dict[str, list[int]] = {}
        self._descriptions: dict[str, str] = {}
        self._wake = asyncio.Event()
        self._changed = asyncio.Event()
        self._closing = False
        self._methods: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._true,
            "sendChatAction": self._true,
            "answerCallbackQuery": self._true,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message,
            "editMessageReplyMarkup": self._edit_message,
        }
        self.app = Starlette(
            routes=[Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"])]
        )
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Return the value for ApplicationBuilder.base_url (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Return the value for ApplicationBuilder.base_file_url."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        """Serve on a free port of 127.0.0.1 in the running event loop."""
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Wake pending long polls and stop the server."""
        self._closing = True
        self._wake.set()
        self._server.should_exit = True
        await self._task

    # -- test controls ---------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        times: int = 1,
        *,
        retry_after: int = 1,
        code: int = 429,
        description: str = "Bad Request: failure requested by the test",
    ) -> None:
        """Answer the next `times` calls of `method` with an error (429 carries retry_after)."""
        self._failures[method] = [times, retry_after, code]
        self._descriptions[method] = description

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates."""
        self._updates.append(update)
        self._wake.set()

    def sent_message(self, call: Call) -> dict[str, Any]:
        """Return the message object that a sendMessage call produced."""
        return dict(call.result)

    # -- reading what the bot did ------------------------------------------------------

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        """Return the successful calls of `method` (optionally to one chat), oldest first."""
        return [
            c
            for c in self.calls
            if c.method == method
            and c.status == 200
            and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
        ]

    async def wait_for(
        self,
        method: str = "sendMessage",
        *,
        count: int = 1,
        chat_id: int | None = None,
        timeout: float = 15.0,
    ) -> list[Call]:
        """Wait until at least `count` successful calls of `method` were made; return them."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(found := self.sent(method, chat_id)) < count:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                made = [(c.method, c.status) for c in self.calls]
                raise AssertionError(f"expected {count} x {method}, calls so far: {made}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.2))
        return found

    # -- HTTP --------------------------------------------------------------------------

    async def _endpoint(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != self.token:
            return error(401, "Unauthorized")
        method = request.path_params["method"]
        params = decode(await request.body())
        handler = self._methods.get(method)
        if method == "getUpdates" and handler is not None:
            self.polls += 1
            return JSONResponse({"ok": True, "result": await handler(params)})
        call = Call(method, params)
        self.calls.append(call)
        try:
            if handler is None:
                call.status = 404
                return error(404, "Not Found")
            failure = self._failures.get(method)
            if failure and failure[0] > 0:
                failure[0] -= 1
                call.status = failure[2]
                if call.status != 429:
                    return error(call.status, self._descriptions[method])
                retry = failure[1]
                return error(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
            call.result = await handler(params)
            return JSONResponse({"ok": True, "result": call.result})
        finally:
            self._changed.set()

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Ask VN",
            "username": self.username,
        }

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**self._bot_user(), "can_join_groups": True, "can_read_all_group_messages": False}

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        wait = min(float(params.get("timeout") or 0), self.poll_cap)
        if not self._updates and wait > 0 and not self._closing:
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)
        return self._updates[: int(params.get("limit") or 100)]

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = dict(params)
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info = {"url": self.webhook.get("url", ""), "has_custom_certificate": False}
        allowed = {k: v for k, v in self.webhook.items() if k == "allowed_updates"}
        return {**info, "pending_update_count": len(self._updates), **allowed}

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"},
            "from": self._bot_user(),
            "text": params.get("text", ""),
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self._messages[(chat_id, message["message_id"])] = message
        return message

    async def _edit_message(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = dict(self._messages[key])
        if "text" in params:
            message["text"] = params["text"]
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        self._messages[key] = message
        return message
