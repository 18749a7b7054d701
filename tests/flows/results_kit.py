"""Scenery for the results flows: submitted self-assessments, made through the repository
(the self-assessment flows are tested on their own)."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from bot.domain.assessment import Round
from bot.domain.bloc import Bloc
from bot.domain.scale import ItemKind, Scale
from bot.domain.scores import total
from bot.domain.year import Year
from bot.usecases.scale import parsed
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year


async def current_scale(h: Harness, bloc: Bloc) -> Scale:
    year = await h.services.years.current(bloc.id)
    stored = await h.services.scales.current(year.id) if year else None
    assert stored is not None
    return parsed(h.services, stored)


async def submit_round(
    h: Harness,
    bloc: Bloc,
    code: str,
    scale: Scale,
    lower: dict[str, str] | None = None,
    round_: Round = Round.MIDYEAR,
) -> None:
    """The unit's assessment of `round_` in the open year, every criterion at its maximum but
    `lower`, submitted."""
    services, now = h.services, h.clock.now()
    year = await services.years.current(bloc.id)
    unit = await services.units.by_code(bloc.id, code)
    stored = await services.scales.current(year.id) if year else None
    assert year is not None and unit is not None and stored is not None
    repo = services.assessments
    assessment = await repo.start(year.id, unit.id, round_, scale_id=stored.id, now=now)
    scores = {}
    for kind, _, criterion in scale.items():
        if kind is ItemKind.CRITERION:
            scores[criterion.code] = Decimal((lower or {}).get(criterion.code, criterion.max))
            await repo.put(assessment.id, criterion.code, value=scores[criterion.code],
                           note="Có biên bản", by=ADMIN, now=now)  # fmt: skip
    current = await repo.get(year.id, unit.id, round_)
    assert current is not None
    assert await repo.submit(assessment.id, revision=current.revision, scale_id=stored.id,
                             total=total(scale, scores).total, by=ADMIN, now=now)  # fmt: skip


#: The mid-year round unless `round_` names another (the name most tests read best).
submit_midyear = submit_round


async def midyear_under_review(h: Harness, bloc: Bloc, codes: tuple[str, ...]) -> Year:
    """These units' mid-year assessments submitted (every criterion at its maximum) and the
    round's deadline passed yesterday, so the review can begin; the open year."""
    scale = await current_scale(h, bloc)
    for code in codes:
        await submit_midyear(h, bloc, code, scale, {})
    year = await h.services.years.current(bloc.id)
    assert year is not None
    now = h.clock.now()
    await h.services.years.set_deadline(
        year.id, "midyear", now - timedelta(days=1), by=ADMIN, now=now
    )
    return year


async def headed_review(
    h: Harness, *, language: str = "vi", head: str = "DNG", submitted: tuple[str, ...] = ("DLK",)
) -> tuple[Bloc, dict[str, int], Year]:
    """A bloc (Lan for DLK, Bob for DNG) in its open year, whose `head` unit's delegate
    reviews; everyone started the bot; `submitted` units' mid-year assessments under review
    (`midyear_under_review`). The bloc, its units' ids by code, the year."""
    bloc = await make_bloc(h, language=language, delegates={"DLK": [ALICE], "DNG": [BOB]})
    await open_year(h)
    units = {u.code: u.id for u in await h.services.units.list(bloc.id)}
    await h.services.blocs.set_head(bloc.id, head=units[head], deputy=None)
    for user in (ADMIN, ALICE, BOB, CAROL):
        await h.say(user, user, "/start")
    return bloc, units, await midyear_under_review(h, bloc, submitted)


async def exported_workbook(h: Harness, *, privately: bool = False) -> Workbook:
    """`/export` by the admin, sent into the group (or `privately`, the admin's full copy,
    with the reasons the group's copy leaves out): the workbook, opened."""
    await h.say(h.group, ADMIN, "/export")
    await h.press(h.group, ADMIN, text="🔒" if privately else "Gửi vào nhóm")
    chat = ADMIN if privately else h.group
    [data] = [m.document[1] for m in h.emu.bot_messages(chat) if m.document][:1]
    return load_workbook(io.BytesIO(data))
