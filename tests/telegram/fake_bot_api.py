"""A fake Telegram Bot API server on 127.0.0.1, strict where Telegram is strict.

It speaks the real HTTP protocol PTB uses (POST {base}{token}/{method}, form or JSON fields,
nested objects as JSON strings) and answers like Telegram: it refuses bad HTML entities, texts
over 4096 UTF-16 units, unknown chats, invalid command names, callback data over 64 bytes, and
identical edits ("message is not modified"). Faults can be injected: 429 with retry_after,
slow replies, 403 blocked. Tests wait on the request log with `wait_for` (an event, no sleep).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.telegram.telegram_html import EntityError, parse, utf16_len

BOT_ID = 777000111
BOT_USERNAME = "innobot_test_bot"
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


@dataclass
class Call:
    """One request the bot made, and how the server answered."""

    method: str
    params: dict[str, Any]
    status: int
    result: Any = None
    description: str = ""
    at: float = field(default_factory=time.monotonic)  # when the request arrived


@dataclass
class Fault:
    """An injected failure for matching requests."""

    method: str
    kind: str  # "429", "403", "slow" (delay, then answer), "late" (accept, then delay), "migrate"
    times: int = 1
    chat_id: int | None = None
    retry_after: int = 1
    delay: float = 0.0
    probability: float = 1.0  # of hitting a matching request (seeded: runs are repeatable)
    migrate_to: int = 0


class TelegramError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}


class FakeBotApi:
    """The server and the little world it simulates (users, chats, messages)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.chats: dict[int, dict[str, Any]] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.faults: list[Fault] = []
        self.injected: list[tuple[Fault, dict[str, Any]]] = []  # every fault applied, with its request
        self.admins: dict[int, set[int]] = {}  # group chat id → its administrators' user ids
        self._random = random.Random(1234)
        self.webhook: dict[str, str] | None = None
        self.callbacks: dict[str, bool] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # --- the simulated world -----------------------------------------------------------------
    def add_user(self, user_id: int, first_name: str = "Agent", language_code: str = "fr") -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}
        self.users[user_id] = user
        self.chats[user_id] = {"id": user_id, "type": "private", "first_name": first_name}
        return user

    def add_group(self, chat_id: int, title: str = "Équipe innovation") -> dict[str, Any]:
        self.chats[chat_id] = {"id": chat_id, "type": "supergroup", "title": title}
        return self.chats[chat_id]

    def _entities(self, text: str) -> list[dict[str, Any]]:
        entities = []
        if text.startswith("/"):
            command = re.match(r"/[A-Za-z0-9_]+(@\w+)?", text)
            if command:
                entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
        for mention in re.finditer(r"@\w{5,32}", text):
            standalone = mention.start() == 0 or not text[mention.start() - 1].isalnum()
            inside_command = bool(entities) and mention.start() < entities[0]["length"]
            if standalone and not inside_command:
                entities.append(
                    {
                        "type": "mention",
                        "offset": utf16_len(text[: mention.start()]),
                        "length": utf16_len(mention.group()),
                    }
                )
        return entities

    async def send_text(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
        anonymous: bool = False,
    ) -> dict[str, Any]:
        """A user writes a message (in their private chat unless chat_id is given).

        `anonymous`: a group administrator writing as the group, as Telegram sends it: from
        GroupAnonymousBot, with the group as sender_chat.
        """
        chat = self.chats[chat_id if chat_id is not None else user_id]
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": ANONYMOUS_ADMIN if anonymous else self.users[user_id],
            "text": text,
        }
        if anonymous:
            message["sender_chat"] = chat
        if entities := self._entities(text):
            message["entities"] = entities
        if reply_to:
            message["reply_to_message"] = reply_to
        self.messages[(chat["id"], message["message_id"])] = message
        await self._push({"message": message})
        return message

    async def send_media(self, user_id: int, media: dict[str, Any]) -> dict[str, Any]:
        """A user sends something else than text in their private chat: `media` holds its field as
        the Bot API gives it ({"sticker": {...}}, {"photo": [...], "caption": "..."})."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chats[user_id],
            "from": self.users[user_id],
            **media,
        }
        self.messages[(user_id, message["message_id"])] = message
        await self._push({"message": message})
        return message

    async def press(self, user_id: int, message: dict[str, Any], data: str) -> str:
        """A user presses an inline button of one of the bot's messages."""
        query_id = str(next(self._update_ids) * 7919)
        self.callbacks[query_id] = False
        await self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.users[user_id],
                    "chat_instance": "ci",
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    async def inline(self, user_id: int, query: str) -> str:
        query_id = str(next(self._update_ids) * 104729)
        await self._push(
            {"inline_query": {"id": query_id, "from": self.users[user_id], "query": query, "offset": ""}}
        )
        return query_id

    async def _push(self, body: dict[str, Any]) -> None:
        async with self._changed:
            self._updates.append({"update_id": next(self._update_ids), **body})
            self._changed.notify_all()

    # --- waiting without sleeping -------------------------------------------------------------
    async def wait_for(
        self, predicate: Callable[[Call], bool], count: int = 1, timeout: float = 20
    ) -> list[Call]:
        """Wait until `count` answered calls match; return them."""

        async def matched() -> list[Call]:
            async with self._changed:
                await self._changed.wait_for(lambda: len([c for c in self.calls if predicate(c)]) >= count)
                return [c for c in self.calls if predicate(c)]

        return await asyncio.wait_for(matched(), timeout)

    async def until(self, condition: Callable[[], bool], timeout: float = 20) -> None:
        """Wait until `condition()` holds, checked at every call the bot makes (its long polls
        come every couple of seconds): for what the bot writes after its last visible call."""
        await self.wait_for(lambda _: condition(), timeout=timeout)

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method
            and c.status == 200
            and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
        ]

    def rejected(self) -> list[Call]:
        """Requests Telegram would refuse (injected faults and flood control excluded)."""
        injected = {id(params) for _, params in self.injected}
        return [
            c
            for c in self.calls
            if c.status >= 400
            and c.status != 429
            and c.description != "injected"
            and id(c.params) not in injected
        ]

    # --- HTTP ---------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        status, body = await self.call(request.match_info["method"], await self._params(request), arrived)
        return web.json_response(body, status=status)

    async def call(
        self, method: str, params: dict[str, Any], arrived: float | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call like Telegram; shared by HTTP and the in-process request."""
        arrived = time.monotonic() if arrived is None else arrived
        fault = self._fault(method, params)
        if fault and fault.kind == "slow":
            await asyncio.sleep(fault.delay)  # simulated network latency, not a test wait
        try:
            if fault and fault.kind == "429":
                raise TelegramError(
                    429,
                    f"Too Many Requests: retry after {fault.retry_after}",
                    {"retry_after": fault.retry_after},
                )
            if fault and fault.kind == "403":
                raise TelegramError(403, "Forbidden: bot was blocked by the user")
            if fault and fault.kind == "migrate":
                raise TelegramError(
                    400,
                    "Bad Request: group chat was upgraded to a supergroup chat",
                    {"migrate_to_chat_id": fault.migrate_to},
                )
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise TelegramError(400, f"Bad Request: method {method} not implemented by the fake")
            result = await handler(params) if asyncio.iscoroutinefunction(handler) else handler(params)
        except TelegramError as error:
            await self._log(Call(method, params, error.status, description=error.description, at=arrived))
            body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return error.status, body
        await self._log(Call(method, params, 200, result, at=arrived))
        if fault and fault.kind == "late":
            await asyncio.sleep(fault.delay)  # accepted, but the answer comes after the client gave up
        return 200, {"ok": True, "result": result}

    async def _log(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        form = await request.post()
        params: dict[str, Any] = {}
        for key, value in form.items():
            text = value if isinstance(value, str) else str(value)
            try:
                params[key] = json.loads(text) if text[:1] in "[{" else text
            except json.JSONDecodeError:
                params[key] = text
        return params

    def _fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        for fault in self.faults:
            if (
                fault.times > 0
                and fault.method == method
                and (fault.chat_id is None or str(fault.chat_id) == str(params.get("chat_id")))
                and (fault.probability >= 1 or self._random.random() < fault.probability)
            ):
                fault.times -= 1
                self.injected.append((fault, params))
                return fault
        return None

    # --- checks Telegram makes -----------------------------------------------------------------
    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self.chats.get(int(params.get("chat_id", 0)))
        if chat is None:
            raise TelegramError(400, "Bad Request: chat not found")
        return chat

    @staticmethod
    def _text(params: dict[str, Any], key: str = "text") -> str:
        raw = str(params.get(key, ""))
        try:
            shown = parse(raw).text if params.get("parse_mode") == "HTML" else raw
        except EntityError as error:
            raise TelegramError(400, f"Bad Request: {error}") from error
        if not shown.strip():
            raise TelegramError(400, "Bad Request: message text is empty")
        if utf16_len(shown) > 4096:
            raise TelegramError(400, "Bad Request: message is too long")
        return raw

    @staticmethod
    def _markup(params: dict[str, Any]) -> Any:
        markup = params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                actions = [k for k in ("callback_data", "url", "switch_inline_query") if k in button]
                if len(actions) != 1 or not button.get("text"):
                    raise TelegramError(400, "Bad Request: BUTTON_TYPE_INVALID")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise TelegramError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _bot_message(self, chat: dict[str, Any], text: str, markup: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self._api_getMe({}),
            "text": text,
        }
        if markup:
            message["reply_markup"] = markup
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    # --- methods ------------------------------------------------------------------------------
    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "innobot",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url", ""))
        if not url.startswith("https://"):
            raise TelegramError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = str(params.get("secret_token", ""))
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise TelegramError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret}
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        for command in commands:
            if (
                not _COMMAND_NAME.match(command.get("command", ""))
                or not 1 <= len(command.get("description", "")) <= 256
            ):
                raise TelegramError(400, "Bad Request: BOT_COMMAND_INVALID")
        scope = params.get("scope") or {"type": "default"}
        key = str(params.get("language_code", ""))
        if scope.get("type") == "chat":
            if int(scope.get("chat_id", 0)) not in self.chats:
                raise TelegramError(400, "Bad Request: chat not found")
            key = f"chat:{int(scope['chat_id'])}:{key}"
        self.commands[key] = commands
        return True

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        async with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout:
                try:
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._updates)), timeout)
                except TimeoutError:
                    return []
            return list(self._updates)

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        return self._bot_message(chat, self._text(params), self._markup(params))

    def _api_sendMessageDraft(self, params: dict[str, Any]) -> bool:
        # Bot API 9.3+: private chats only, a non-zero draft id, 0–4096 characters (empty: "Thinking…").
        chat = self._chat(params)
        if chat["type"] != "private":
            raise TelegramError(400, "Bad Request: TEXTDRAFT_PEER_INVALID")
        if int(params.get("draft_id", 0)) == 0:
            raise TelegramError(400, "Bad Request: draft_id must be non-zero")
        raw = str(params.get("text", ""))
        shown = parse(raw).text if params.get("parse_mode") == "HTML" else raw
        if utf16_len(shown) > 4096:
            raise TelegramError(400, "Bad Request: message is too long")
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._chat(params)
        return True

    def _api_getChatMember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        user_id = int(params.get("user_id", 0))
        if user_id not in self.users:
            raise TelegramError(400, "Bad Request: user not found")
        if chat["type"] == "private":
            status = "member"
        else:
            status = "administrator" if user_id in self.admins.get(chat["id"], set()) else "member"
        member: dict[str, Any] = {"status": status, "user": self.users[user_id]}
        if status == "administrator":
            member.update(
                {
                    key: True
                    for key in (
                        "can_be_edited",
                        "is_anonymous",
                        "can_manage_chat",
                        "can_delete_messages",
                        "can_manage_video_chats",
                        "can_restrict_members",
                        "can_promote_members",
                        "can_change_info",
                        "can_invite_users",
                        "can_post_stories",
                        "can_edit_stories",
                        "can_delete_stories",
                    )
                }
            )
            member["can_be_edited"] = member["is_anonymous"] = False
        return member

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        message = self.messages.get((chat["id"], int(params.get("message_id", 0))))
        if message is None:
            raise TelegramError(400, "Bad Request: message to edit not found")
        text, markup = self._text(params), self._markup(params)
        if message.get("text") == text and message.get("reply_markup") == markup:
            raise TelegramError(
                400,
                "Bad Request: message is not modified: specified new message content "
                "and reply markup are exactly the same as a current content and reply "
                "markup of the message",
            )
        message.update(text=text, reply_markup=markup)
        return message

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id not in self.callbacks:
            raise TelegramError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        self.callbacks[query_id] = True
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        results = params.get("results") or []
        if len(results) > 50:
            raise TelegramError(400, "Bad Request: RESULTS_TOO_MUCH")
        for result in results:
            if not 1 <= len(str(result.get("id", "")).encode()) <= 64:
                raise TelegramError(400, "Bad Request: RESULT_ID_INVALID")
            content = result.get("input_message_content") or {}
            self._text({"text": content.get("message_text", ""), "parse_mode": content.get("parse_mode")})
        return True
