"""The `world` fixture (real Application + fake Bot API) for every Telegram test module."""

from tests.telegram.test_bot_e2e import world  # noqa: F401
