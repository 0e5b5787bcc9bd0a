"""Build and run the Telegram application: all wiring in one place."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import Conflict, Forbidden, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.errors import InnobotError
from bot.locks import exclusive
from bot.telegram import jobs
from bot.telegram.handlers import access, admin, ask, buttons, info, inline, privacy, subscriptions
from bot.telegram.services import BotApplication, BotContext, BotServices, user_lang
from bot.texts import Lang, text

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", "cmd_start"),
    ("aide", "cmd_help"),
    ("help", "cmd_help"),
    ("chercher", "cmd_search"),
    ("abonner", "cmd_subscribe"),
    ("abonnements", "cmd_subscriptions"),
    ("desabonner", "cmd_unsubscribe"),
    ("mesdonnees", "cmd_mydata"),
    ("oublier", "cmd_forget"),
    ("sources", "cmd_sources"),
    ("nouveautes", "cmd_news"),
    ("apropos", "cmd_about"),
)


ADMIN_COMMANDS = (
    ("reindex", "cmd_reindex"),
    ("stats", "cmd_stats"),
    ("inviter", "cmd_invite"),
    ("retirer", "cmd_revoke"),
)
SYNTHESIS_COMMANDS = (("synthese", "cmd_synthesis"),)
# What a private chat may send that is no text: the bot says it reads text only.
_NOT_TEXT = (
    filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.ANIMATION
    | filters.Sticker.ALL
    | filters.Document.ALL
    | filters.LOCATION
    | filters.CONTACT
)


def command_list(lang: Lang, admin: bool = False, synthesis: bool = False) -> list[BotCommand]:
    """The command menu in one language (names are ASCII lowercase: Telegram refuses accents)."""
    listed = COMMANDS + (SYNTHESIS_COMMANDS if synthesis else ()) + (ADMIN_COMMANDS if admin else ())
    return [BotCommand(name, text(key, lang)) for name, key in listed]


async def on_startup(application: BotApplication) -> None:
    """Register the command menu in French (default) and English; admins also see theirs."""
    services: BotServices = application.bot_data["services"]
    writes = services.synthesizer is not None
    await application.bot.set_my_commands(command_list("fr", synthesis=writes))
    await application.bot.set_my_commands(command_list("en", synthesis=writes), language_code="en")
    for admin_id in sorted(services.settings.admin_ids):
        scope = BotCommandScopeChat(admin_id)
        try:
            await application.bot.set_my_commands(command_list("fr", True, writes), scope=scope)
            await application.bot.set_my_commands(
                command_list("en", True, writes), scope=scope, language_code="en"
            )
        except TelegramError as exc:  # Telegram knows the chat only once the admin has opened the bot
            log.warning("admin command menu not set for one admin: %s", exc)


async def on_error(update: object, context: BotContext) -> None:
    """Log every error with its traceback; tell the user in their language; stop on Conflict."""
    error = context.error
    if isinstance(error, Conflict):
        log.critical("another instance polls with this token: stopping")
        context.application.stop_running()
        return
    if isinstance(error, Forbidden | NetworkError) and not isinstance(update, Update):
        log.warning("Telegram: %s", error)
        return
    log.error("error while handling an update", exc_info=error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await context.bot.send_message(
                update.effective_chat.id, text("internal_error", user_lang(update))
            )
        except Exception:
            log.warning("could not tell the user about the error")


async def on_shutdown(application: BotApplication) -> None:
    """Close what the handlers opened: the alert bot's connections, the written-answer client."""
    await jobs.close_alert_bot(application)
    synthesizer = application.bot_data["services"].synthesizer
    if synthesizer is not None:
        await synthesizer.close()


def build_application(services: BotServices, **builder_options: Any) -> BotApplication:
    """The PTB application with every handler registered; nothing runs yet."""
    settings = services.settings
    if settings.telegram_token is None:
        raise InnobotError(key="error_no_token")
    builder = (
        Application.builder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .context_types(ContextTypes(context=BotContext))
        .rate_limiter(AIORateLimiter(max_retries=3))
        .concurrent_updates(8)
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
    )
    for name, value in builder_options.items():
        builder = getattr(builder, name)(value)
    application: BotApplication = builder.build()  # type: ignore[assignment]
    application.bot_data["services"] = services
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    # Group -1 runs first: a user the bot is not open to reaches no other handler.
    application.add_handler(TypeHandler(Update, access.gate), group=-1)
    application.add_handlers(
        [
            CommandHandler("start", info.start),
            CommandHandler(["aide", "help"], info.help_command),
            CommandHandler("sources", info.sources),
            # Unlisted, the English names an agent types by habit (/subscribe, /search…) work too.
            CommandHandler(["nouveautes", "news"], info.news),
            CommandHandler(["apropos", "about"], info.about),
            CommandHandler(["chercher", "search"], ask.search_command),
            CommandHandler(["synthese", "synthesis"], ask.synthesis_command),
            CommandHandler(["abonner", "subscribe", "follow"], subscriptions.subscribe),
            CommandHandler(["abonnements", "subscriptions"], subscriptions.list_subscriptions),
            CommandHandler(["desabonner", "unsubscribe"], subscriptions.unsubscribe),
            CommandHandler(["mesdonnees", "mydata"], privacy.my_data),
            CommandHandler(["oublier", "forget"], privacy.forget),
            CommandHandler(["reindex", "reindexer"], admin.reindex),
            CommandHandler("stats", admin.stats),
            CommandHandler("inviter", access.invite),
            CommandHandler("retirer", access.revoke),
            MessageHandler(private & filters.TEXT & ~filters.COMMAND, ask.private_question),
            MessageHandler(groups & filters.TEXT & ~filters.COMMAND, ask.group_message),
            # After every command above: in a private chat, what none of them took is named.
            MessageHandler(private & filters.COMMAND, info.unknown_command),
            MessageHandler(private & _NOT_TEXT, ask.media_message),
            CallbackQueryHandler(buttons.button),
            InlineQueryHandler(inline.inline_query),
        ]
    )
    application.add_error_handler(on_error)
    jobs.schedule(application)
    return application


def run(services: BotServices) -> None:
    """Run the bot until stopped: long polling, or a webhook when INNOBOT_WEBHOOK_URL is set."""
    settings = services.settings
    application = build_application(services)
    if settings.webhook_url:
        # Several webhook workers may share one token behind a load balancer: no lock here.
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url.rstrip("/") + "/" + settings.webhook_path,
            secret_token=settings.webhook_secret.get_secret_value() if settings.webhook_secret else None,
            allowed_updates=Update.ALL_TYPES,
        )
        return
    # Two bots polling with one token make Telegram answer 409 Conflict to both.
    lock = Path("data") / "innobot-bot.lock"
    with exclusive(lock, InnobotError(key="error_already_running", lock=lock)):
        application.run_polling(allowed_updates=Update.ALL_TYPES)
