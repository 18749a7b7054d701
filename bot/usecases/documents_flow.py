"""What an admin types or sends for the documents: the letterhead and the meeting (a private
flow, one message each), and a replaced template waiting for ✅.

Why apart from `documents.py`: these are the multi-step parts, with state kept in the database
(the flow's draft, the pending change) so a restart between the form and the answer, or between
the upload and the ✅, loses nothing. Every step re-checks that the person is the bloc's admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from bot.actor import Actor
from bot.domain.bloc import Bloc, Unit
from bot.domain.documents import DocName, DocumentSettings, meeting_fields, settings_fields
from bot.domain.pending import PendingChange
from bot.domain.year import Year
from bot.errors import BadInput, Conflict
from bot.services import Services
from bot.usecases import flows
from bot.usecases.documents import (
    admin_bloc,
    check_upload,
    replace_template,
    save_meeting,
    save_settings,
    year_for,
    year_of,
)
from storage.documents import DocumentRepo
from storage.reviews import ReviewRepo

FLOW = "documents"
FORMS = ("settings", "meeting")
#: How many of the bloc's unit codes the meeting form's example names.
EXAMPLE_CODES = 2
PENDING_KIND = "document_template"


class FormDraft(BaseModel):
    """The flow's draft: which bloc and year the form is for (its step says which form; a
    draft kept from before years were named has no year: the open or latest one)."""

    model_config = ConfigDict(defer_build=True)

    bloc_id: int
    year_id: int | None = None


@dataclass(frozen=True)
class MeetingExample:
    """What the meeting form's example is made of: the bloc's own year and unit codes, so the
    example reads as this bloc's and is never mistaken for another bloc's data."""

    year: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class LetterheadExample:
    """What the letterhead form shows: the bloc's saved letterhead to edit, else an example
    made of the bloc's name and the name of the year's head unit; with no head recorded, a
    neutral signer (never another unit's head), so nothing in it can be taken for data."""

    bloc_name: str
    unit_name: str | None
    saved: DocumentSettings | None


async def start_form(
    services: Services, actor: Actor, year_id: int, form: str
) -> MeetingExample | LetterheadExample:
    """Opens a form of the year's documents and returns what its example is made of."""
    if form not in FORMS:
        raise Conflict("core.stale_button")
    bloc, year = await year_for(services, actor, year_id)
    units = await services.units.list(bloc.id)
    example: MeetingExample | LetterheadExample
    if form == "meeting":
        example = _meeting_example(year, units)
    else:
        head_id = (await ReviewRepo(services.db).leaders(bloc.id, year.id)).head_unit_id
        head = next((u for u in units if u.id == head_id), None)
        saved = await DocumentRepo(services.db).settings(bloc.id)
        example = LetterheadExample(bloc.name, head.name if head else None, saved)
    draft = FormDraft(bloc_id=bloc.id, year_id=year.id)
    await flows.advance(services, actor.user_id, FLOW, form, draft)
    return example


async def resume_form(
    services: Services, actor: Actor, bloc: Bloc, year: Year | None
) -> MeetingExample | LetterheadExample | None:
    """The form of the bloc's documents the person left (`/cancel`, or another flow opened over
    it) opened again, as `/documents` shows the year's list: what its example is made of;
    None when no form of this bloc and year waits. Why: `/cancel` says "gõ /documents để tiếp
    tục", and a list alone, with the draft still waiting, sent the person round in a loop."""
    state = await services.flows.get(actor.user_id, FLOW)
    if state is None or state.step not in FORMS or year is None:
        return None
    draft = await flows.load(services, actor.user_id, FLOW, FormDraft)
    if draft is None or draft.bloc_id != bloc.id or draft.year_id not in (None, year.id):
        return None
    return await start_form(services, actor, year.id, state.step)


def _meeting_example(year: Year, units: list[Unit]) -> MeetingExample:
    return MeetingExample(year.year, tuple(u.code for u in units[:EXAMPLE_CODES]))


async def meeting_example(services: Services, actor: Actor) -> MeetingExample:
    """The open meeting form's example again, shown with a refusal of what was typed."""
    bloc, year = await _form_year(services, actor)
    units = await services.units.list(bloc.id)
    return _meeting_example(year or await year_of(services, bloc), units)


async def _form(services: Services, actor: Actor) -> FormDraft:
    draft = await flows.load(services, actor.user_id, FLOW, FormDraft)
    if draft is None:
        raise Conflict("core.stale_button")
    return draft


async def settings_text(services: Services, actor: Actor, text: str) -> tuple[Bloc, Year | None]:
    """The bloc's letterhead saved; the bloc and year the form was opened for (the list of the
    year's documents is shown again)."""
    bloc, year = await _form_year(services, actor)
    fields = settings_fields(text)
    if fields is None:
        raise BadInput("documents.settings_lines")
    await save_settings(services, actor, bloc, fields)
    await flows.finish(services, actor.user_id, FLOW)
    return bloc, year


async def _form_year(services: Services, actor: Actor) -> tuple[Bloc, Year | None]:
    """The bloc and year of the open form (None: an old draft, for the open or latest year)."""
    form = await _form(services, actor)
    bloc = await admin_bloc(services, actor, form.bloc_id)
    year = await services.years.get(form.year_id) if form.year_id is not None else None
    if form.year_id is not None and (year is None or year.bloc_id != bloc.id):
        raise Conflict("core.stale_button")
    return bloc, year


async def meeting_text(services: Services, actor: Actor, text: str) -> tuple[Bloc, Year | None]:
    """The meeting of the year the form was opened for (an old draft: the open or latest)
    saved; that bloc and year (the list of the year's documents is shown again)."""
    bloc, year = await _form_year(services, actor)
    found = meeting_fields(text, year.year if year else None)
    if found is None:
        raise BadInput("documents.bad_meeting")
    await save_meeting(services, actor, bloc, *found, year=year)
    await flows.finish(services, actor.user_id, FLOW)
    return bloc, year


async def propose_template(
    services: Services, actor: Actor, bloc_id: int, name: DocName, lang: str, data: bytes,
    file_id: str,
) -> PendingChange:  # fmt: skip
    """A checked upload, kept (by its Telegram file id) until the admin presses ✅."""
    bloc = await admin_bloc(services, actor, bloc_id)
    await check_upload(services, actor, bloc, name, lang, data)
    payload = {"name": name.value, "lang": lang, "file_id": file_id}
    return await services.pending_changes.create(
        bloc.id, PENDING_KIND, payload, by=actor.user_id, now=services.clock.now()
    )


async def pending_template(services: Services, actor: Actor, change_id: int) -> PendingChange:
    """The upload waiting for ✅, for an admin of its bloc (as any change an admin proposes)."""
    change = await services.pending_changes.get(change_id)
    if change is None or change.kind != PENDING_KIND:
        raise Conflict("core.stale_button")
    await admin_bloc(services, actor, change.bloc_id)
    return change


async def confirm_template(
    services: Services, actor: Actor, change: PendingChange, data: bytes
) -> DocName:
    """✅: the file (fetched again by its id) checked again and stored; the change is taken."""
    bloc = await admin_bloc(services, actor, change.bloc_id)
    name = DocName(change.payload["name"])
    if not await services.pending_changes.take(change.id):
        raise Conflict("core.stale_button")
    await replace_template(services, actor, bloc, name, change.payload["lang"], data)
    return name


async def drop_template(services: Services, actor: Actor, change_id: int) -> None:
    change = await pending_template(services, actor, change_id)
    await services.pending_changes.take(change.id)
