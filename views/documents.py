"""/documents as an admin sees it: each document with what it lacks, the buttons to draft the
ready ones, the letterhead and meeting forms, and the confirmation of a replaced template."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from bot.callback_data import Where, button
from bot.domain.bloc import Bloc
from bot.domain.documents import DocName, Missing, Tie, left_open
from bot.domain.year import Year
from bot.i18n import Html, Texts
from bot.usecases.documents import Overview, described_names
from bot.usecases.documents_flow import LetterheadExample, MeetingExample
from views.keyboards import Btn, confirm_keyboard, destination_keyboard, keyboard

KIND = "docs"


@button(KIND, "doc", Where.ANYWHERE)
class DraftDocument:
    """Draft one document of the year and send it here (a copy pressed for in the group
    leaves out the reasons a unit was not ranked)."""

    year_id: int
    name: DocName


@button(KIND, "bloc", Where.PRIVATE)
class PickBloc:
    """In private, for an admin of several blocs: which bloc's documents (of the year named,
    0: the open or latest one)."""

    bloc_id: int
    year: int = 0


@button(KIND, "edit", Where.PRIVATE)
class EditForm:
    """Enter or change the letterhead ("settings") or the year's meeting ("meeting")."""

    year_id: int
    form: str


@button(KIND, "here")
class DocumentsHere:
    """/documents in the group: the list, and the drafts, in the group."""

    year_id: int


@button(KIND, "me")
class DocumentsPrivately:
    """/documents in the group: the list, and the drafts, in the presser's private chat."""

    year_id: int


@button(KIND, "save", Where.ANYWHERE)
class SaveTemplate:
    change_id: int


@button(KIND, "drop", Where.ANYWHERE)
class DropTemplate:
    change_id: int


def ask_where(tx: Texts, year: Year) -> tuple[Html, InlineKeyboardMarkup]:
    """/documents in the group: to the group, or privately (the /export question)."""
    text = tx("documents.ask_where", year=year.year)
    return text, destination_keyboard(tx, DocumentsHere(year.id), DocumentsPrivately(year.id))


def ties_text(tx: Texts, ties: Sequence[Tie]) -> Html:
    """ "Tập thể lao động xuất sắc (DKN, GLA bằng phiếu)" for each title still tied."""
    return Html(
        "; ".join(tx("documents.tie", title=t.title, units=", ".join(t.codes)) for t in ties)
    )


def _line(tx: Texts, name: DocName, lacking: tuple[Missing, ...], ties: tuple[Tie, ...]) -> Html:
    """A document's line: what it lacks (⏳), what it would leave open (⚠️), or ready (✅)."""
    label = tx(f"documents.name_{name.value}")
    if lacking:
        missing = "; ".join(tx(f"documents.missing_{m.value}") for m in lacking)
        return tx("documents.line_missing", name=label, missing=missing)
    if ties:
        return tx("documents.line_pending", name=label, ties=ties_text(tx, ties))
    return tx("documents.line_ready", name=label)


def overview(tx: Texts, found: Overview, private: bool) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The documents of the year, each with what it lacks, and the buttons to draft the ready
    ones; in private also the letterhead, how to replace a template, and the forms. In the
    group (`private` False) the documents only: everyone there reads it."""
    bloc, year, settings = found.bloc, found.year, found.settings
    lines = [tx("documents.overview_title", year=year.year, bloc=bloc.name), ""]
    rows: list[list[Btn]] = []
    for name, lacking in found.ready.items():
        lines.append(_line(tx, name, lacking, left_open(name, found.facts)))
        if not lacking:
            rows.append(
                [Btn("📄 " + tx(f"documents.name_{name.value}"), DraftDocument(year.id, name))]
            )
    if private:  # the group's copy: the documents only (the letterhead, the signer and how to
        # replace a template are the admins'; `settings_private` comes to the presser alone)
        lines.append("")
        if settings is None:
            lines.append(tx("documents.settings_first"))
        else:
            line = tx("documents.settings_line", body=settings.issuing_body,
                      signer=settings.signer_name, prefix=settings.number_prefix)  # fmt: skip
            lines.append(line)
        lines.append(tx("documents.template_hint", names=described_names(tx)))
        rows.append([Btn(tx("documents.btn_settings"), EditForm(year.id, "settings")),
                     Btn(tx("documents.btn_meeting"), EditForm(year.id, "meeting"))])  # fmt: skip
    return Html("\n".join(lines)), keyboard(rows)


def pick_bloc(
    tx: Texts, blocs: list[Bloc], year: int = 0
) -> tuple[Html, InlineKeyboardMarkup | None]:
    return tx("documents.pick_bloc"), keyboard([[Btn(b.name, PickBloc(b.id, year))] for b in blocs])


def confirm_template(tx: Texts, name: DocName, change_id: int) -> tuple[Html, InlineKeyboardMarkup]:
    label = tx(f"documents.name_{name.value}")
    markup = confirm_keyboard(tx("documents.btn_replace"), SaveTemplate(change_id),
                              tx("documents.btn_keep"), DropTemplate(change_id))  # fmt: skip
    return tx("documents.template_confirm", name=label), markup


def meeting_form(tx: Texts, example: MeetingExample) -> Html:
    """The meeting form, its example made of the bloc's own year and unit codes."""
    parts = [f"20/12/{example.year}", tx("documents.example_place"), " ".join(example.codes)]
    return tx("documents.form_meeting", example="; ".join(part for part in parts if part))


def letterhead_form(tx: Texts, example: LetterheadExample) -> Html:
    """The letterhead form: the bloc's saved letterhead to edit, or an example with the bloc's
    name and its unit's name, generic wording where the bot knows nothing of the bloc."""
    saved = example.saved
    if saved is not None:
        values = (saved.parent_body or "-", saved.issuing_body, saved.place_name,
                  saved.signer_title, saved.signer_name, saved.number_prefix,
                  "; ".join(saved.recipients))  # fmt: skip
    else:
        unit = example.unit_name
        title = tx("documents.example_title", unit=unit.upper()) if unit else None
        values = (tx("documents.example_parent"), example.bloc_name.upper(),
                  tx("documents.example_place_name"), title or tx("documents.example_title_any"),
                  tx("documents.example_signer"), tx("documents.example_symbol"),
                  tx("documents.example_recipients"))  # fmt: skip
    names = ("parent", "body", "place", "title", "signer", "symbol", "recipients")
    return tx("documents.form_settings", **dict(zip(names, values, strict=True)))


def form_text(tx: Texts, example: MeetingExample | LetterheadExample) -> Html:
    if isinstance(example, MeetingExample):
        return meeting_form(tx, example)
    return letterhead_form(tx, example)
