"""Builds the Application: one builder chain, one ordered list of features, one lifecycle.

`post_init` opens the database (migrating it), builds the services and sets the command menus;
`post_shutdown` closes what was opened. `running()` is the same lifecycle for the sandbox and
the tests, which drive the Application themselves instead of `run_polling()`.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import HTTPXRequest

from bot.clock import Clock, SystemClock
from bot.constants import LANGUAGES
from bot.context import BotApplication, BotContext, BotData
from bot.instance_lock import hold_database, keep_holding
from bot.menus import Scope, commands_for
from bot.notifier import STOP_GRACE_SECONDS
from bot.rate_limit import ChatRateLimiter, Limits
from bot.registry import Feature, Registry
from bot.services import Services
from bot.settings import Settings
from bot.update_processor import ChatOrderedProcessor
from handlers import (
    admins,
    assess,
    chat_migration,
    core,
    dispatch,
    documents,
    election,
    export,
    gate,
    invites,
    join,
    leave,
    pledge,
    pledge_group,
    remind,
    review,
    roster,
    scale,
    setup,
    summary,
    titles,
    units,
    vote,
    year,
)
from storage.db import open_database

log = logging.getLogger(__name__)

#: Long-poll timeout of getUpdates (seconds).
POLL_TIMEOUT = 20
#: HTTP connections to the Bot API: updates are handled concurrently, each may be sending.
CONNECTIONS = 64


def features() -> list[Feature]:
    """Every feature, in menu order; the registry refuses anything two of them claim."""
    return [
        gate.feature(),  # group -10: drop edits/channels/bots, remember users
        chat_migration.feature(),  # a group became a supergroup
        invites.feature(),  # /invite, and /start <token>
        core.feature(),  # /start /help /lang /me /cancel
        setup.feature(),  # /setup, hello when added to a group
        admins.feature(),  # /admin add|remove
        units.feature(),  # /units, /unit CODE
        roster.feature(),  # /addunit, roster files
        join.feature(),  # /join and the admins' approval
        leave.feature(),  # /leave
        year.feature(),  # /year /deadline /status
        scale.feature(),  # /scale, scale files
        titles.feature(),  # /titles
        pledge.feature(),  # /pledge in private, its text step
        pledge_group.feature(),  # pledge progress, reopen, publish (the pledge part of /status)
        assess.feature(),  # /assess in private; the rounds' part of /status; reopening
        election.feature(),  # /election /head /deputy, the election part of /status
        vote.feature(),  # /vote in private: ballots, receipts
        review.feature(),  # /review: thẩm định of submitted self-scores, the unit's answer
        summary.feature(),  # /summary: sections by phase (pledges, rankings, leaders)
        export.feature(),  # /export: the workbook and the chart
        documents.feature(),  # /documents: the year-end documents (DOCX), templates
        remind.feature(),  # /remind, the nudges before each deadline (after the features nudged)
    ]


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    extra: Sequence[Feature] = (),
    limits: Limits | None = None,
) -> BotApplication:
    """The Application with every feature (and `extra` ones, e.g. a test's) installed;
    `limits` replaces Telegram's sending limits (tests shrink or lift them)."""
    token = settings.telegram_bot_token
    if token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the application")
    data = BotData()
    data.settings = settings
    data.clock = clock or SystemClock()
    data.registry = Registry([*features(), *extra])
    builder = ApplicationBuilder()
    if settings.telegram_api_base_url.startswith("http://"):
        # Plain HTTP (a local Bot API server or the emulator): skip loading TLS certificates,
        # which costs ~0.2 s per HTTP client and is never used here.
        plain = {"verify": False}
        builder = builder.request(
            HTTPXRequest(connection_pool_size=CONNECTIONS, httpx_kwargs=plain)
        )
        builder = builder.get_updates_request(HTTPXRequest(httpx_kwargs=plain))
    else:
        builder = builder.connection_pool_size(CONNECTIONS)
    app = (
        builder.token(token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.file_base_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=settings.tz,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(ChatRateLimiter(limits))
        .concurrent_updates(ChatOrderedProcessor())
        .context_types(ContextTypes(context=BotContext, bot_data=lambda: data))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .build()
    )
    dispatch.install(app, data.registry)
    return app  # type: ignore[return-value]


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    data: BotData = app.bot_data
    assert data.settings is not None and data.clock is not None and data.registry is not None
    db = await open_database(data.settings.database_path)
    lock = await hold_database(db)  # a second bot on this database stops here, saying why
    data.services = Services.create(data.settings, db, data.clock, data.registry)
    data.services.instance_lock = lock
    keep_holding(app, lock)
    await set_menus(app, data.services)
    await data.services.notifier.start(app.bot)
    for task in data.registry.startup:
        await task(app)
    await data.services.scheduler.start(app.job_queue)
    # What start-up made lives as long as the process: keep the collector from scanning it
    # on every full collection (less CPU per update with all the catalogs and models loaded).
    gc.collect()
    gc.freeze()
    log.info("bot @%s ready", app.bot.username)


async def _post_stop(app: Application) -> None:  # type: ignore[type-arg]
    """Stop sending while the HTTP client is still open; what is unsent waits for next start.

    The handlers have ended (`Application.stop` waits for them), but replies the rate limiter
    deferred may still wait for their chat's turn (a group's 20 a minute spent): those whose
    turn comes within the notifier's grace go, the others are kept in the outbox, so a stop
    loses none of them and the next start sends each once; only a ballot or a receipt (sent as
    `SECRET`) is dropped, as the outbox would link the unit to its choice. Both stops run side
    by side, so a SIGTERM waits `STOP_GRACE_SECONDS` once, not twice."""
    data: BotData = app.bot_data
    if data.services is not None:
        data.services.scheduler.stop()
        notifier = data.services.notifier
        limiter = app.bot.rate_limiter
        assert isinstance(limiter, ChatRateLimiter)
        _, leftovers = await asyncio.gather(notifier.stop(), limiter.hand_over(STOP_GRACE_SECONDS))
        await notifier.keep(leftovers)


async def _post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    data: BotData = app.bot_data
    if data.services is not None:
        await data.services.notifier.stop()
        if data.services.instance_lock is not None:
            await data.services.instance_lock.release()
        await data.services.db.close()
        data.services = None


_SCOPES: tuple[tuple[Scope, type[BotCommandScope]], ...] = (
    (Scope.PRIVATE, BotCommandScopeAllPrivateChats),
    (Scope.GROUP, BotCommandScopeAllGroupChats),
    (Scope.ADMIN, BotCommandScopeAllChatAdministrators),
)


async def set_menus(app: Application, services: Services) -> None:  # type: ignore[type-arg]
    """Telegram's command menus per scope and language (and the default language's fallback)."""
    catalog, default = services.catalog, services.settings.bot_language
    for lang in ("", *LANGUAGES):
        text_lang = lang or default
        private = commands_for(Scope.PRIVATE, catalog, text_lang)
        await app.bot.set_my_commands(
            [BotCommand(c, d) for c, d in private], BotCommandScopeDefault(), lang or None
        )
        for scope, scope_type in _SCOPES:
            pairs = commands_for(scope, catalog, text_lang)
            await app.bot.set_my_commands(
                [BotCommand(c, d) for c, d in pairs], scope_type(), lang or None
            )


@asynccontextmanager
async def running(app: Application, *, poll_timeout: int = POLL_TIMEOUT) -> AsyncIterator[None]:  # type: ignore[type-arg]
    """Start the Application like `run_polling` does, and stop it the same way."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(
        poll_interval=0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES
    )
    await app.start()
    try:
        yield
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        if app.post_stop:
            await app.post_stop(app)
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


def configure_logging(level: int = logging.INFO) -> None:
    """INFO for the bot; the HTTP client stays quiet because its lines carry the token URL."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
