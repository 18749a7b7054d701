"""/scale: the year's scale compactly (sections and totals, then criteria page by page),
/scale template (the XLSX template), and a YAML or XLSX file with the caption /scale that an
admin sends to replace it: every error is listed, or the new scale is shown for ✅.
"""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import callback_data
from bot.context import BotContext
from bot.domain.scale import Criterion, Scale
from bot.errors import NotFound
from bot.i18n import Html, Texts, format_number, plain_text
from bot.rights import require_bloc, require_bloc_admin
from bot.usecases import scale as scales
from bot.usecases.units import check_file_size
from handlers.chat_filters import GROUP, PRIVATE
from handlers.file_errors import file_in_private
from handlers.keyboards import (
    Btn,
    Page,
    confirm_keyboard,
    grid,
    keyboard,
    page_starts,
    pager_row,
    paginate_sized,
)
from handlers.presses import pressed_data
from handlers.reply import answer_button, edit_html, reply, send_html, texts_for

KIND = "scale"
CAPTION = filters.CaptionRegex(r"^/scale(@\w+)?\s*$")
PER_PAGE = 8
SECTIONS_PER_PAGE = 20
#: Characters of criteria (or of section lines) a page holds: the longest header and footer
#: still fit Telegram's 4096 (a criterion's title is up to 500, its guidance up to 1000).
PAGE_ROOM = 2800
#: Section lines a proposed scale lists before "… and N more sections".
PROPOSAL_ROOM = 2000
BONUS, DEDUCTIONS = "b", "d"


def points(tx: Texts, value: Decimal) -> str:
    """8.5 in English, 8,5 in Vietnamese; exact, never rounded."""
    return format_number(value, tx.lang)


def _size(lines: list[str]) -> int:
    return sum(len(plain_text(line)) + 1 for line in lines)


def _section_lines(tx: Texts, scale: Scale) -> list[str]:
    return [
        tx(
            "scale.section_line",
            code=s.code,
            title=s.title,
            total=points(tx, s.max_total),
            count=len(s.criteria),
        )
        for s in scale.sections
    ]


def _totals(tx: Texts, scale: Scale) -> list[str]:
    lines = []
    if scale.bonus:
        lines.append(tx("scale.bonus_line", total=points(tx, scale.max_bonus)))
    if scale.deductions:
        lines.append(tx("scale.deductions_line", total=points(tx, scale.max_deduction)))
    criteria = sum(len(s.criteria) for s in scale.sections)
    lines.append(tx("scale.total_line", total=points(tx, scale.max_total), count=criteria))
    return lines


def _summary(tx: Texts, scale: Scale) -> list[str]:
    """The sections (as many as fit a message, then how many more) and the totals."""
    sections = _section_lines(tx, scale)
    shown = page_starts([_size([line]) for line in sections], PROPOSAL_ROOM, len(sections) or 1)
    cut = shown[1] if len(shown) > 1 else len(sections)
    lines = sections[:cut]
    if cut < len(sections):
        lines.append(tx("scale.more_sections", count=len(sections) - cut))
    return [*lines, *_totals(tx, scale)]


def _overview_page(tx: Texts, scale: Scale, page: int) -> Page[int]:
    sizes = [_size([line]) for line in _section_lines(tx, scale)]
    return paginate_sized(range(len(sizes)), page, sizes, PAGE_ROOM, SECTIONS_PER_PAGE)


def render_overview(
    tx: Texts, cur: scales.Current, page: int = 0
) -> tuple[Html, InlineKeyboardMarkup]:
    """The sections with their totals (a page of them when there are many), a button each."""
    stored, scale = cur.stored, cur.scale
    source = tx("scale.source_sample") if stored.source == scales.SAMPLE_SOURCE else stored.source
    head = tx(
        "scale.header", name=scale.name, year=cur.year.year, version=stored.version, source=source
    )
    shown = _overview_page(tx, scale, page)
    sections = _section_lines(tx, scale)
    lines = [head, "", *(sections[i] for i in shown.items), *_totals(tx, scale)]
    lines += ["", tx("scale.hint")]
    buttons = [Btn(scale.sections[i].code, (KIND, "part", stored.id, i, 0)) for i in shown.items]
    if scale.bonus:
        buttons.append(Btn(tx("scale.btn_bonus"), (KIND, "part", stored.id, BONUS, 0)))
    if scale.deductions:
        buttons.append(Btn(tx("scale.btn_deductions"), (KIND, "part", stored.id, DEDUCTIONS, 0)))
    rows = grid(buttons, 4)
    rows.append(pager_row(shown, KIND, "top", stored.id))
    markup = keyboard(rows)
    assert markup is not None
    return Html("\n".join(lines)), markup


def _part(tx: Texts, scale: Scale, part: str) -> tuple[str, list[Criterion]]:
    if part == BONUS:
        return tx("scale.bonus_header", total=points(tx, scale.max_bonus)), scale.bonus
    if part == DEDUCTIONS:
        return tx(
            "scale.deductions_header", total=points(tx, scale.max_deduction)
        ), scale.deductions
    if not part.isdigit() or int(part) >= len(scale.sections):
        raise NotFound("core.stale_button")
    s = scale.sections[int(part)]
    header = tx("scale.part_header", code=s.code, title=s.title, total=points(tx, s.max_total))
    return header, s.criteria


def _criterion_lines(tx: Texts, c: Criterion) -> list[str]:
    key = "scale.criterion_evidence" if c.evidence else "scale.criterion_line"
    lines = [tx(key, code=c.code, title=c.title, max=points(tx, c.max), step=points(tx, c.step))]
    if c.guidance:
        lines.append(tx("scale.guidance", text=c.guidance))
    return lines


def render_part(
    tx: Texts, cur: scales.Current, part: str, page: int
) -> tuple[Html, InlineKeyboardMarkup]:
    """One section's criteria (or the bonus, the deductions), a page at a time."""
    header, items = _part(tx, cur.scale, part)
    blocks = [_criterion_lines(tx, c) for c in items]
    shown = paginate_sized(blocks, page, [_size(b) for b in blocks], PAGE_ROOM, PER_PAGE)
    lines = [header, ""]
    for block in shown.items:
        lines += block
    rows = [pager_row(shown, KIND, "part", cur.stored.id, part)]
    back = _page_of(tx, cur.scale, int(part)) if part.isdigit() else 0
    rows.append([Btn(tx("scale.btn_back"), (KIND, "top", cur.stored.id, back))])
    markup = keyboard(rows)
    assert markup is not None
    return Html("\n".join(lines)), markup


def _page_of(tx: Texts, scale: Scale, section: int) -> int:
    """The overview page that lists a section (where ⬅️ goes back to)."""
    starts = page_starts(
        [_size([line]) for line in _section_lines(tx, scale)], PAGE_ROOM, SECTIONS_PER_PAGE
    )
    return sum(1 for start in starts if start <= section) - 1


async def scale_command(update: Update, context: BotContext) -> None:
    """Show the scale; `/scale template` (admins) sends it as the XLSX template."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    services, tx = context.services, await texts_for(update, context)
    args = [a.lower() for a in context.args or []]
    if args and args != ["template"]:
        await reply(update, context, "scale.usage")
        return
    if args:
        bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
        cur = await scales.current(services, bloc)
        name = f"scale-{cur.year.year}-v{cur.stored.version}.xlsx"
        document = InputFile(scales.template(cur.scale), filename=name)
        caption = tx("scale.template_caption", year=cur.year.year, version=cur.stored.version)
        await context.bot.send_document(chat.id, document, caption=caption)
        return
    cur = await scales.current(services, await require_bloc(services, chat.id))
    text, markup = render_overview(tx, cur)
    await send_html(update, context, text, keyboard=markup)


async def scale_file(update: Update, context: BotContext) -> None:
    """Check the file whole; show every error, or the new scale for ✅."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.document is not None and user is not None
    services, tx = context.services, await texts_for(update, context)
    bloc = await require_bloc_admin(services, context.bot, message.chat_id, user.id)
    document = message.document
    check_file_size(document.file_size)
    data = bytes(await (await document.get_file()).download_as_bytearray())
    proposal = await scales.propose(
        services, bloc, filename=document.file_name or "", data=data, by=user.id
    )
    old = proposal.replaces
    lines = [tx("scale.proposal_header", name=proposal.scale.name), ""]
    lines += [*_summary(tx, proposal.scale), ""]
    lines.append(tx("scale.proposal_replaces", version=old.version, name=old.name))
    commit = tx("scale.btn_replace")
    if proposal.submitted:
        lines.append(tx("scale.proposal_reopens", count=proposal.submitted))
        commit = tx("scale.btn_replace_reopen", count=proposal.submitted)
    change = proposal.change.id
    markup = confirm_keyboard(
        commit, (KIND, "ok", change), tx("scale.btn_cancel"), (KIND, "no", change)
    )
    await send_html(update, context, "\n".join(lines), keyboard=markup)


async def pressed(update: Update, context: BotContext) -> None:
    """Pages of the scale (anyone); ✅ / ✖️ on a proposed scale (admins)."""
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None and user is not None
    data = pressed_data(update)
    services, tx = context.services, await texts_for(update, context)
    if data.action in ("part", "top"):
        cur = await scales.version(services, await require_bloc(services, chat.id), data.int_arg(0))
        if data.action == "top":
            text, markup = render_overview(tx, cur, data.int_arg(1) or 0)
        else:
            text, markup = render_part(tx, cur, data.arg(1) or "", data.int_arg(2) or 0)
        await answer_button(update)
        await edit_html(update, text, keyboard=markup)
        return
    if data.action not in ("ok", "no"):
        raise NotFound("core.stale_button")
    bloc = await require_bloc_admin(services, context.bot, chat.id, user.id)
    if data.action == "no":
        await scales.drop(services, bloc, data.int_arg(0))
        await answer_button(update)
        await edit_html(update, tx("scale.cancelled"))
        return
    stored, reopened = await scales.confirm(services, bloc, data.int_arg(0), by=user.id)
    await answer_button(update)
    text = tx("scale.replaced_ok", version=stored.version, name=stored.name)
    if reopened:
        text = Html(text + "\n" + tx("scale.reopened_assessments", count=reopened))
    await edit_html(update, text)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("scale", scale_command, filters=GROUP))
    app.add_handler(MessageHandler(GROUP & filters.Document.ALL & CAPTION, scale_file))
    app.add_handler(MessageHandler(PRIVATE & filters.Document.ALL & CAPTION, file_in_private))
    app.add_handler(CallbackQueryHandler(pressed, pattern=callback_data.pattern(KIND)))
