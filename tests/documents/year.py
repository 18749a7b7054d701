"""A full year for the documents: the results' seeded year (scores, review, an exclusion),
the year-end review closed, head and deputy elected, a bình xét with two titles, the bloc's
letterhead and the meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot.bench_export import FIRST_DELEGATE, Seeded, seed_results
from bot.clock import MovableClock
from bot.domain.ballots import ElectionKind
from bot.domain.bloc import Membership, Unit
from bot.domain.review import Round
from bot.services import Services
from bot.usecases import ballots, documents, elections
from storage.reviews import ReviewRepo

ADMIN = 1
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


async def _vote(bed: Year, kind: ElectionKind, choices: list[int | None], **kwargs: object) -> None:
    services, bloc = bed.services, bed.seeded.bloc
    proposal = await elections.propose_open(services, bloc, kind, **kwargs)  # type: ignore[arg-type]
    election = await elections.open_election(services, proposal, by=ADMIN)
    bed.clock.move(timedelta(hours=2))
    for voter, choice in enumerate(choices):
        member = Membership(bloc=bloc, unit=bed.units[voter])
        unit = bed.units[choice].id if choice is not None else None
        await ballots.cast_head(services, member, election.id, unit)
    bed.clock.move(timedelta(hours=1))
    await elections.close(services, bloc, election.id, by=ADMIN)


async def full_year(services: Services, clock: MovableClock, *, units: int = 6) -> Year:
    seeded = await seed_results(services, units=units, criteria=12)
    await services.blocs.add_admin(seeded.bloc.id, ADMIN, added_by=ADMIN, now=clock.now())
    await services.users.seen(
        user_id=ADMIN,
        username="thuky",
        first_name="Thư ký",
        last_name="Trần",
        language_code="vi",
        private=True,
        now=clock.now(),
    )
    all_units = sorted(await services.units.list(seeded.bloc.id), key=lambda u: u.code)
    bed = Year(services, clock, seeded, all_units)
    clock.move(timedelta(days=340))
    await ReviewRepo(services.db).set_closed(
        seeded.year.id, Round.YEAREND, True, by=ADMIN, now=clock.now()
    )
    # Head: U01 4 votes, U02 1, an abstention -> elected. Deputy: U02 wins.
    await _vote(bed, ElectionKind.HEAD, [0, 0, 0, 0, 1, None])
    await _vote(bed, ElectionKind.DEPUTY, [1, 1, 1, 2, 2])
    await bin_xet(bed)
    await documents.save_settings(services, seeded.bloc, LETTERHEAD, by=ADMIN)
    await documents.save_meeting(
        services,
        seeded.bloc,
        date(2027, 12, 20),
        "Hội trường Ban Quản lý các KCN Đồng Nai",
        ["U06"],
        by=ADMIN,
    )
    return bed


async def bin_xet(bed: Year) -> None:
    """Two titles: the flag (quota 1) and the Bằng khen (quota 2); five of six units vote."""
    services, bloc, year = bed.services, bed.seeded.bloc, bed.seeded.year
    now = bed.clock.now()
    second = (await services.titles.add(bloc.id, "Bằng khen của Bộ trưởng Bộ Tài chính", now)).id
    titles = {t.name: t.id for t in await services.titles.active(bloc.id)}
    flag = titles["Cờ thi đua của Bộ Tài chính"]
    for n, unit in enumerate(bed.units[:4]):
        await services.pledges.save(
            year.id,
            unit.id,
            title_ids=[flag, second],
            commitments="Hoàn thành 100% kế hoạch",
            by=FIRST_DELEGATE + n + 1,
            now=now,
        )
    proposal = await elections.propose_open(
        services, bloc, ElectionKind.COMMENDATION, quotas={flag: 1, second: 2}
    )
    election = await elections.open_election(services, proposal, by=ADMIN)
    plan = {
        0: ({1}, {1, 2}),
        1: ({0}, {0, 2}),
        2: ({0}, {0, 1}),
        3: ({0}, {1, 2}),
        4: ({0}, {0, 1}),
    }
    for voter, (flags, khen) in plan.items():
        member = Membership(bloc=bloc, unit=bed.units[voter])
        view = await ballots.ballot(services, member, election.id)
        ids = {
            flag: frozenset(bed.units[i].id for i in flags),
            second: frozenset(bed.units[i].id for i in khen),
        }
        await ballots.cast_approvals(services, member, election.id, view.mask_with(ids))
    bed.clock.move(timedelta(hours=3))
    await elections.close(services, bloc, election.id, by=ADMIN)
