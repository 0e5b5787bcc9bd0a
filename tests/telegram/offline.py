"""PTB's request seam, in-process: the bot's calls go straight to the fake's dispatcher, no HTTP."""

from __future__ import annotations

import json
from typing import Any

from telegram.request import BaseRequest, RequestData

from tests.telegram.fake_bot_api import FakeBotApi


class OfflineRequest(BaseRequest):
    """A BaseRequest that answers from a FakeBotApi in the same event loop."""

    def __init__(self, server: FakeBotApi) -> None:
        self.server = server

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        params = (
            {}
            if request_data is None
            else {
                key: json.loads(value) if value[:1] in "[{" else value
                for key, value in request_data.json_parameters.items()
            }
        )
        status, body = await self.server.call(url.rsplit("/", 1)[-1], params)
        return status, json.dumps(body).encode()
