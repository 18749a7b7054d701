"""A full year for the documents: the results' seeded year (scores, review, an exclusion),
the year-end review closed, head and deputy elected, a bình xét with two titles, the bloc's
letterhead and the meeting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.actor import Actor
from bot.bench_export import FIRST_DELEGATE, Seeded, seed_results
from bot.clock import MovableClock
from bot.domain.ballot_codes import encode_quotas
from bot.domain.ballots import ElectionKind
from bot.domain.bloc import Unit
from bot.domain.review import Round
from bot.services import Services
from bot.usecases import ballots, documents, election_close, elections
from storage.reviews import ReviewRepo

ADMIN = 1
#: The admin in a private chat (a recorded bloc admin), and someone who is not.
ACTOR = Actor(user_id=ADMIN, chat_id=ADMIN, private=True)
OUTSIDER = Actor(user_id=9999, chat_id=9999, private=True)
EXCELLENT = "Tập thể lao động xuất sắc"
LETTERHEAD = {
    "parent_body": "BỘ TÀI CHÍNH",
    "issuing_body": "KHỐI THI ĐUA CÁC KCN, KKT PHÍA NAM",
    "place_name": "Đồng Nai",
    "signer_title": "TRƯỞNG BAN QUẢN LÝ CÁC KCN SỐ 1",
    "signer_name": "Nguyễn Văn Bình",
    "number_prefix": "KTĐ",
    "recipients": [
        "Hội đồng Thi đua - Khen thưởng Bộ Tài chính",
        "Các đơn vị thành viên",
        "Lưu: VT",
    ],
}


@dataclass
class Year:
    services: Services
    clock: MovableClock
    seeded: Seeded
    units: list[Unit]
    admin_id: int = ADMIN


def admin(bed: Year) -> Actor:
    return Actor(user_id=bed.admin_id, chat_id=bed.seeded.bloc.chat_id, private=False)


def delegate(index: int) -> Actor:
    """The delegate of the `index`-th unit (by code) in `seed_results`."""
    user = FIRST_DELEGATE + index + 1
    return Actor(user_id=user, chat_id=user, private=True)


async def _open(bed: Year, kind: ElectionKind, quotas: dict[int, int] | None = None) -> int:
    proposal = await elections.propose_open(bed.services, admin(bed), kind)
    spec = proposal.spec
    if quotas is not None:
        spec = encode_quotas([quotas.get(t.id, 0) for t in proposal.titles])
    opened = await elections.open_election(bed.services, admin(bed), kind, proposal.year.id, spec)
    return opened.id


async def vote(
    bed: Year, kind: ElectionKind, choices: Sequence[int | None], runoff: Sequence[int | None] = ()
) -> None:
    """A head or deputy vote; `runoff`: the choices of the runoff its close opens."""
    election_id = await _open(bed, kind)
    for round_choices in (choices, runoff):
        if not round_choices:
            break
        bed.clock.move(timedelta(hours=2))
        for voter, choice in enumerate(round_choices):
            unit = bed.units[choice].id if choice is not None else None
            await ballots.cast_head(
                bed.services, delegate(voter), bed.units[voter].id, election_id, unit
            )
        bed.clock.move(timedelta(hours=1))
        closed = await election_close.close(bed.services, admin(bed), election_id)
        election_id = closed.runoff.id if closed.runoff is not None else 0


async def reviewed_year(
    services: Services,
    clock: MovableClock,
    *,
    units: int = 6,
    chat_id: int = -100_999,
    admin_id: int = ADMIN,
) -> Year:
    """The results' seeded year with its year-end review closed 340 days after `clock`'s start
    (11/12/2027 with `START`): no vote, no letterhead, no meeting yet."""
    seeded = await seed_results(services, units=units, criteria=12, chat_id=chat_id)
    await services.blocs.add_admin(seeded.bloc.id, admin_id, added_by=admin_id, now=clock.now())
    await services.users.seen(
        user_id=admin_id,
        username="thuky",
        first_name="Thư ký",
        last_name="Trần",
        language_code="vi",
        private=True,
        now=clock.now(),
    )
    all_units = sorted(await services.units.list(seeded.bloc.id), key=lambda u: u.code)
    bed = Year(services, clock, seeded, all_units, admin_id)
    clock.move(timedelta(days=340))
    await ReviewRepo(services.db).set_closed(
        seeded.year.id, Round.YEAREND, True, by=admin_id, now=clock.now()
    )
    return bed


async def full_year(
    services: Services,
    clock: MovableClock,
    *,
    units: int = 6,
    chat_id: int = -100_999,
    admin_id: int = ADMIN,
    letterhead: bool = True,
    head_runoff: bool = False,
    head_tie: bool = False,
    unproposed: bool = False,
) -> Year:
    """The year; without `letterhead`, the bloc's document details and meeting are not entered;
    with `head_runoff`, the head is elected in a runoff (U01 and U02 tie in the first round);
    with `head_tie`, that runoff ties too (2 votes each): no head is elected;
    with `unproposed`, the bình xét has a third title no unit is approved for."""
    bed = await reviewed_year(services, clock, units=units, chat_id=chat_id, admin_id=admin_id)
    seeded = bed.seeded
    # Head: U01 4 votes, U02 1, an abstention -> elected. Deputy: U02 wins.
    if head_runoff or head_tie:
        runoff = [0, 0, 1, 1, None, None] if head_tie else [0, 0, 0, 1, 1, None]
        await vote(bed, ElectionKind.HEAD, [0, 0, 1, 1, 2, None], runoff)
    else:
        await vote(bed, ElectionKind.HEAD, [0, 0, 0, 0, 1, None])
    await vote(bed, ElectionKind.DEPUTY, [1, 1, 1, 2, 2])
    await bin_xet(bed, unproposed)
    if letterhead:
        await documents.save_settings(services, admin(bed), seeded.bloc, LETTERHEAD)
        await documents.save_meeting(
            services,
            admin(bed),
            seeded.bloc,
            date(2027, 12, 20),
            "Hội trường Ban Quản lý các KCN Đồng Nai",
            ["U06"],
        )
    return bed


async def bin_xet(bed: Year, unproposed: bool = False) -> None:
    """Two titles: the flag (quota 1) and the Bằng khen (quota 2), and with `unproposed` a
    third (quota 1) nobody approves; five of six units vote."""
    services, bloc, year = bed.services, bed.seeded.bloc, bed.seeded.year
    now = bed.clock.now()
    second = (await services.titles.add(bloc.id, "Bằng khen của Bộ trưởng Bộ Tài chính", now)).id
    third = (await services.titles.add(bloc.id, EXCELLENT, now)).id if unproposed else None
    titles = {t.name: t.id for t in await services.titles.active(bloc.id)}
    flag = titles["Cờ thi đua của Bộ Tài chính"]
    for n, unit in enumerate(bed.units[:4]):
        await services.pledges.save(
            year.id,
            unit.id,
            title_ids=[flag, second] + ([third] if third else []),
            commitments="Hoàn thành 100% kế hoạch",
            by=FIRST_DELEGATE + n + 1,
            now=now,
        )
    quotas = {flag: 1, second: 2} | ({third: 1} if third else {})
    election_id = await _open(bed, ElectionKind.COMMENDATION, quotas)
    plan = {
        0: ({1}, {1, 2}),
        1: ({0}, {0, 2}),
        2: ({0}, {0, 1}),
        3: ({0}, {1, 2}),
        4: ({0}, {0, 1}),
    }
    for voter, (flags, khen) in plan.items():
        actor, unit_id = delegate(voter), bed.units[voter].id
        view = await ballots.ballot(services, actor, unit_id, election_id)
        ids = {
            flag: frozenset(bed.units[i].id for i in flags),
            second: frozenset(bed.units[i].id for i in khen),
        }
        await ballots.cast_approvals(services, actor, unit_id, election_id, view.mask_with(ids))
    bed.clock.move(timedelta(hours=3))
    await election_close.close(services, admin(bed), election_id)


async def settle_tie(bed: Year) -> None:
    """The new bình xét among U01 and U03 (tied for the Bằng khen's last seat): U03 wins."""
    services = bed.services
    votes = await services.elections.of_year(bed.seeded.year.id)
    first = next(v for v in votes if v.kind is ElectionKind.COMMENDATION)
    runoff = await election_close.open_pending_round(services, admin(bed), first.id)
    for voter in (0, 1, 2, 3, 4):
        actor, unit_id = delegate(voter), bed.units[voter].id
        view = await ballots.ballot(services, actor, unit_id, runoff.id)
        [title] = view.quotas
        chosen = bed.units[0 if voter == 2 else 2].id
        await ballots.cast_approvals(
            services, actor, unit_id, runoff.id, view.mask_with({title: frozenset({chosen})})
        )
    bed.clock.move(timedelta(hours=1))
    await election_close.close(services, admin(bed), runoff.id)
