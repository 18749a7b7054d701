"""Domain refusals (`bot.domain.errors`) as text: a bad value, or a refused file's error list.

The domain says why (a reason code) and where (section, item, row or line, field); the words
are in `fileerrors.yaml`. handlers.errors turns a `DomainError` raised anywhere into the reply
through `send_domain_error`, the way it does for `UserFacingError`.
A refused file gets every error listed: in up to `MAX_MESSAGES` messages, or else the first
message and the whole list as a text file (the chat stays readable).
"""

from __future__ import annotations

import re

from telegram import Update

from bot.context import BotContext
from bot.domain.errors import DomainError, FieldError, FileRejected, Reason, clip
from bot.i18n import Count, Html, Texts, plain_text, telegram_length
from bot.usecases import blocs
from handlers.reply import reply, send_file, send_html, texts_for

#: A refused file lists this many errors, then "… and N more" (a message stays readable).
MAX_LISTED = 20
#: A refused file's full list takes at most this many messages; a longer one goes as a file.
MAX_MESSAGES = 3
#: Room for the text of one message (Telegram allows 4096 characters after parsing).
MESSAGE_ROOM = 3800
ERRORS_FILENAME = "errors.txt"
#: Params that hold a number the domain wrote as plain digits ("7.5"): shown as the reader
#: writes numbers (7,5 in Vietnamese). Values the user typed (`value`) are quoted as typed.
NUMBER_PARAMS = frozenset({"max", "step", "max_mb", "days", "score"})
#: Reasons whose `max` counts things (characters, rows…): thousands grouped ("4.096 ký tự").
COUNT_REASONS = frozenset(
    {
        Reason.TOO_LONG,
        Reason.NAME_TOO_LONG,
        Reason.TOO_MANY_ROWS,
        Reason.TOO_MANY_COLUMNS,
        Reason.TOO_MANY_STRINGS,
        Reason.XLSX_TOO_MANY_PARTS,
        Reason.TOO_MANY_ITEMS,
    }
)
#: Params that hold a phase's command word (`pledge`): shown as the phase's name.
PHASE_PARAMS = frozenset({"phase", "earlier", "later", "round", "current_round"})


def _shown(tx: Texts, reason: str, name: str, value: str) -> object:
    """A param as the reader sees it: numbers in their language, phases by name."""
    if reason in COUNT_REASONS and value.isdigit():
        return Count(int(value))
    if name in NUMBER_PARAMS:
        return tx.number(value)
    if name in PHASE_PARAMS and tx.catalog.has(tx.lang, f"calendar.phase_{value}"):
        return tx(f"calendar.phase_{value}")
    return value


def render_error(tx: Texts, e: FieldError) -> Html:
    """One error with its place: "Row 4, column code: the unit code … is not valid".

    Every value that came from a file (a parameter, a section, an item, a field name) is clipped
    (`clip`), so one error stays one short line whatever the file held. `t` takes the key
    positionally: a reason may carry a parameter called `key` (`duplicate_key`).
    """

    def t(key: str, /, **params: object) -> Html:
        return tx(f"fileerrors.{key}", **params)

    parts: list[str] = []
    if e.section:
        parts.append(t("loc_section", section=clip(e.section)))
    if e.item:
        parts.append(t("loc_item", item=clip(e.item)))
    where = t("loc_line", line=e.line) if e.line else t("loc_row", row=e.row) if e.row else None
    if where and parts:
        parts[-1] = t("loc_paren", what=Html(parts[-1]), where=where)
    elif where:
        parts.append(where)
    if e.named:  # a field of the format: in the reader's words, as the template heads it
        named = t(f"field_{e.named}")
        parts.append(t("loc_named_column" if e.row else "loc_named_field", field=named))
    elif e.field:  # a header as the file spells it, or a key the file made up
        parts.append(t("loc_column" if e.row else "loc_field", field=clip(e.field)))
    text = t(e.reason, **{k: _shown(tx, e.reason, k, clip(v, 60)) for k, v in e.params.items()})
    if parts:
        text = t("loc_message", location=Html(t("loc_join").join(parts)), reason=text)
    return Html(text[:1].upper() + text[1:])


#: A line that already ends a sentence (maybe inside a closing tag): no full stop added.
_ENDED = re.compile(r"[.!?…:]\s*(?:</\w+>\s*)*$")


def _sentence(line: str) -> Html:
    """A reason read alone ends with a full stop; in a file's list of rows it is a fragment."""
    return Html(line if _ENDED.search(line) else f"{line}.")


def render_sentence(tx: Texts, e: FieldError) -> Html:
    """One error as a sentence of its own, with its full stop: a refused line of a paste or of
    a review's decisions reads like the review's own refusals ("Dòng 2: thiếu lý do; ….")."""
    return _sentence(render_error(tx, e))


def _header(tx: Texts, exc: FileRejected) -> str:
    """ "Please fix it" fits errors at a row or line; a file refused whole (another unit's
    template...) says in its error what to do instead."""
    placed = any(e.row or e.line or e.field or e.section or e.item for e in exc.errors)
    if placed:
        return tx.plural("fileerrors.rejected", len(exc.errors), count=len(exc.errors))
    return tx("fileerrors.rejected_whole")


def render_domain_error(tx: Texts, exc: DomainError) -> Html:
    """A single bad value as one line; a refused file as its header and every error listed."""
    if not isinstance(exc, FileRejected):  # an answer of its own: each line a sentence
        return Html("\n".join(render_sentence(tx, e) for e in exc.errors))
    lines = [_header(tx, exc)]
    lines += [f"• {render_error(tx, e)}" for e in exc.errors[:MAX_LISTED]]
    if len(exc.errors) > MAX_LISTED:
        lines.append(tx("fileerrors.more", count=len(exc.errors) - MAX_LISTED))
    return Html("\n".join(lines))


def domain_error_messages(tx: Texts, exc: DomainError) -> list[Html]:
    """Every error of a refusal, split into messages that each fit Telegram's limit."""
    if not isinstance(exc, FileRejected):
        return [render_domain_error(tx, exc)]
    messages: list[list[str]] = [[_header(tx, exc)]]
    size = telegram_length(messages[0][0])
    for e in exc.errors:
        line = f"• {render_error(tx, e)}"
        if size + telegram_length(line) + 1 > MESSAGE_ROOM:
            messages.append([])
            size = 0
        messages[-1].append(line)
        size += telegram_length(line) + 1
    return [Html("\n".join(lines)) for lines in messages]


async def send_domain_error(update: Update, context: BotContext, exc: DomainError) -> None:
    """Reply with every error of the refusal (see the module docstring)."""
    tx = await texts_for(update, context)
    messages = domain_error_messages(tx, exc)
    if len(messages) <= MAX_MESSAGES:
        for text in messages:
            await send_html(update, context, text)
        return
    await send_html(update, context, render_domain_error(tx, exc))
    chat = update.effective_chat
    if chat is not None:
        listing = "\n".join(plain_text(text) for text in messages).encode("utf-8")
        await send_file(update, context, listing, ERRORS_FILENAME)


async def file_in_private(update: Update, context: BotContext) -> None:
    """A bloc's file (a scale, a roster) sent privately: it belongs in the bloc's group, where
    the bot knows which bloc it is for."""
    await reply(update, context, "core.group_only")


#: Files a bloc admin may mean for the bot (the types rosters and scales come in, and `.xls`).
_BOT_FILE_TYPES = (".yaml", ".yml", ".csv", ".xlsx", ".xls")


async def file_in_group(update: Update, context: BotContext) -> None:
    """A roster- or scale-like file a bloc admin sent in the group without the command as its
    caption: say which caption does what (and that `.xls` must be saved as `.xlsx`) rather than
    stay silent. Other people's files, and other types, are the group's own business."""
    message, user = update.effective_message, update.effective_user
    if message is None or message.document is None or user is None:
        return
    name = (message.document.file_name or "").lower()
    if not name.endswith(_BOT_FILE_TYPES):
        return
    if not await blocs.is_admin_here(context.services, context.actor):
        return
    tx = await texts_for(update, context)
    text = tx("core.group_file_no_caption")
    if name.endswith(".xls"):
        xls = tx("fileerrors.xls_file")
        text = Html(f"{text}\n{xls[:1].upper()}{xls[1:]}.")
    await send_html(update, context, text)
