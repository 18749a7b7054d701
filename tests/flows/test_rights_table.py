"""Every command and every button of every feature, by every role, in the group and in private.

Generated from the registry: `test_every_command_and_button_has_a_case` fails when a feature
adds a command or a button without a line here. For each case, every role that may not do it
(and every role in the other kind of chat) is refused (a `rights.*` text or the "out of date"
alert) and no table changes (every table but `users`, where the gate records profiles); then
the least privileged allowed role does it and is not refused, and the tables change exactly
when the case is a write. Reads are checked as much as writes: an id in a button is never a
capability.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.callback_data import Button, encode
from bot.domain.assessment import Round
from bot.domain.calendar import Phase
from bot.i18n import Catalog
from bot.nudge_again import minute_of
from bot.usecases.assessment import Stage
from bot.usecases.assessment_wizard import held_tag
from tests.conftest import SHARED
from tests.flows.conftest import ADMIN, ALICE, BOB, CAROL, Harness
from tests.flows.membership_kit import (
    DAVE,
    EVE,
    add_people,
    admin_change,
    invite_link,
    make_delegate,
    set_up,
)
from tests.flows.year_setup import open_year
from views.lang import ChooseLanguage

FRANK = 1007  # a delegate of DNG, the other unit
ROLES = {
    "stranger": DAVE,
    "member": CAROL,
    "other delegate": FRANK,
    "delegate": ALICE,
    "bloc admin": BOB,
    "group admin": EVE,
}
EVERYONE = tuple(ROLES)
IN_GROUP = ("member", "other delegate", "delegate", "bloc admin", "group admin")
ADMINS = ("bloc admin", "group admin")
DELEGATE = ("delegate",)
DELEGATES = ("other delegate", "delegate")
_catalog = Catalog.load()
REFUSALS = [  # up to the first parameter (the admins a refusal names, the bloc…)
    re.split("[{<]", _catalog.t(lang, key), maxsplit=1)[0]
    for lang in ("vi", "en")
    for key in sorted(_catalog.keys(lang))
    if key.startswith("rights.")
    or key
    in (
        "core.stale_button",
        "review.not_reviewer",
        "review.not_reviewer_delegate",
        "review.private_no_unit",
        "review.own_unit_only",
        "setup.already_registered",
        "assess.scores_own_only",
        "core.stale_button_command",
    )
]

Act = Callable[[Harness], Awaitable[str]]


@dataclass(frozen=True)
class Case:
    #: "/command …" or "kind:name" of the button (the registry's keys)
    name: str
    allowed: tuple[str, ...]
    #: "group", "private" or "anywhere": where the command is meant, or the button's message
    home: str
    #: the command's text, or the button's callback data, built once the scene is set
    act: Act
    writes: bool = False
    #: what must exist before (a pending change, a flow), done by the people who would
    prepare: Callable[[Harness], Awaitable[None]] | None = None

    @property
    def button(self) -> bool:
        return not self.name.startswith("/")


def text(value: str) -> Act:
    async def act(h: Harness) -> str:
        return value

    return act


def press(make: Callable[[Ids], Button]) -> Act:
    async def act(h: Harness) -> str:
        return encode(make(await Ids.of(h)))

    return act


@dataclass(frozen=True)
class Ids:
    """The ids of the scene that buttons name."""

    dlk: int
    dng: int
    year: int
    scale: int
    title: int
    change: int  # the newest pending change
    invite: int
    request: int
    election: int  # the newest vote

    @classmethod
    async def of(cls, h: Harness) -> Ids:
        db = h.services.db

        async def last(table: str) -> int:
            return int(await db.fetch_value(f"SELECT COALESCE(MAX(id), 0) FROM {table}"))

        async def unit(code: str) -> int:
            return int(await db.fetch_value("SELECT id FROM units WHERE code = ?", (code,)))

        return cls(
            dlk=await unit("DLK"),
            dng=await unit("DNG"),
            year=await last("years"),
            scale=await last("scale_versions"),
            title=int(await db.fetch_value("SELECT MIN(id) FROM titles")),
            change=await last("pending_changes"),
            invite=await last("invites"),
            request=await last("join_requests"),
            election=await last("elections"),
        )


async def scene(h: Harness) -> None:
    """A bloc with DLK (Lan its delegate) and DNG (Frank's); Bob promoted; Eve a Telegram
    admin; Mai a member; Dũng outside; the year 2026 open with the sample scale and titles."""
    add_people(h)
    h.emu.add_user(FRANK, "Frank", username="frank_dng", language_code="en")
    h.emu.join_group(h.group, FRANK)
    await set_up(h, "DLK", "DNG")
    await make_delegate(h, ALICE, "DLK")
    await make_delegate(h, FRANK, "DNG")
    for user in (BOB, CAROL):
        await h.say(h.group, user, "Xin chào")
    await admin_change(h, "/admin add @bob_dng")
    await open_year(h)
    for user in ROLES.values():
        await h.say(user, user, "/start")


# --- what some cases need first --------------------------------------------------------------


async def _rename_proposed(h: Harness) -> None:
    await h.say(h.group, ADMIN, "/addunit DNG Ban Quản lý KCN Đà Nẵng")


async def _bloc_rename_proposed(h: Harness) -> None:
    await h.say(h.group, ADMIN, "/setup Khối thi đua Tây Nguyên (sửa tên)")


async def _invite_made(h: Harness) -> None:
    await invite_link(h, "DNG")


async def _join_asked(h: Harness) -> None:
    await h.say(h.group, CAROL, "/join")
    await h.press(h.group, CAROL, text="DNG")


async def _title_proposed(h: Harness) -> None:
    await h.say(h.group, ADMIN, "/titles add Cờ thi đua của Bộ")


async def _scale_proposed(h: Harness) -> None:
    sample = (SHARED / "data" / "scale-sample.yaml").read_text(encoding="utf-8")
    own = sample.replace("(mẫu)", "(của Khối)").encode()
    await h.send_file(h.group, ADMIN, "own.yaml", own, caption="/scale")


async def _pledging(h: Harness) -> None:
    await h.say(ALICE, ALICE, "/pledge")


async def _pledge_titled(h: Harness) -> None:
    await _pledging(h)
    await h.press(ALICE, ALICE, text="⬜")


async def _pledge_written(h: Harness) -> None:
    await _pledging(h)
    await h.press(ALICE, ALICE, text="⬜")
    await h.press(ALICE, ALICE, text="➡️")
    await h.say(ALICE, ALICE, "Hoàn thành 100% kế hoạch thu hút đầu tư.")


async def _pledge_differs(h: Harness) -> None:
    """DLK registered; the delegate's own draft says something else."""
    ids = await Ids.of(h)
    await h.services.pledges.save(
        ids.year, ids.dlk, title_ids=[ids.title], commitments="x", by=ADMIN, now=h.clock.now()
    )
    await _pledge_written(h)


async def _pledge_in_review(h: Harness) -> None:
    await _pledge_written(h)
    await h.press(ALICE, ALICE, text="👀")


async def _pledge_deadline_passed(h: Harness) -> None:
    ids = await Ids.of(h)
    now = h.clock.now()
    await h.services.years.set_deadline(
        ids.year, "pledge", now - timedelta(days=1), by=ADMIN, now=now
    )


async def _pledge_ahead(h: Harness) -> None:
    """The pledge deadline is ten days ahead."""
    ids = await Ids.of(h)
    now = h.clock.now()
    await h.services.years.set_deadline(
        ids.year, "pledge", now + timedelta(days=10), by=ADMIN, now=now
    )


async def _remind_quiet(h: Harness) -> str:
    """✅ Send now, asked in the quiet hours this minute."""
    return encode(B["remind:quiet"](Phase.PLEDGE, minute_of(h.clock.now())))


async def _reminded(h: Harness) -> None:
    """The pledge reminder went by `/remind now` five minutes ago, and a repeat asked first."""
    await _pledge_ahead(h)
    await h.say(h.group, ADMIN, "/remind now pledge")
    h.clock.move(timedelta(minutes=5))
    await h.say(h.group, ADMIN, "/remind now pledge")


async def _remind_again(h: Harness) -> str:
    """✅ Send again, naming the round `_reminded` began (its first row in the ledger)."""
    first = int(await h.services.db.fetch_value("SELECT MIN(id) FROM nudges_sent"))
    return encode(B["remind:again"](Phase.PLEDGE, first))


async def _reviewing(h: Harness) -> None:
    """DLK leads the bloc (Lan reviews); DLK and DNG submitted their mid-year assessments."""
    from tests.flows.results_kit import current_scale, submit_midyear

    bloc = await h.services.blocs.by_chat(h.group)
    assert bloc is not None
    ids = await Ids.of(h)
    await h.services.blocs.set_head(bloc.id, head=ids.dlk, deputy=None)
    scale = await current_scale(h, bloc)
    for code in ("DLK", "DNG"):
        await submit_midyear(h, bloc, code, scale)


async def _reviewed(h: Harness) -> None:
    """As `_reviewing`, with DNG's 1.1 reviewed, a deduction, and DNG excluded."""
    from bot.domain.review import ExtraKind, Round
    from storage.reviews import ReviewRepo

    await _reviewing(h)
    ids, repo, now = await Ids.of(h), ReviewRepo(h.services.db), h.clock.now()
    mid = Round.MIDYEAR
    await repo.set_score(ids.year, mid, ids.dng, "1.1", Decimal(8), "Thiếu", by=ALICE,
                         by_unit=ids.dlk, now=now)  # fmt: skip
    await repo.add_extra(ids.year, mid, ids.dng, ExtraKind.DEDUCTION, Decimal(1), "Chậm",
                         by=ALICE, now=now)  # fmt: skip
    await repo.exclude(ids.year, mid, ids.dng, "Vi phạm", by=BOB, now=now)


async def _exclusion_asked(h: Harness) -> None:
    """As `_reviewing`, with an admin's reason for not ranking DNG waiting for ✅."""
    from bot.usecases.review_confirm import EXCLUDE_KIND

    await _reviewing(h)
    ids = await Ids.of(h)
    payload = {"year_id": ids.year, "round": "midyear", "unit_id": ids.dng, "reason": "Vi phạm"}
    bloc = await h.services.blocs.by_chat(h.group)
    assert bloc is not None
    await h.services.pending_changes.create(bloc.id, EXCLUDE_KIND, payload, by=BOB,
                                            now=h.clock.now())  # fmt: skip


async def _review_closed(h: Harness) -> None:
    from bot.domain.review import Round
    from storage.reviews import ReviewRepo

    await _reviewing(h)
    ids = await Ids.of(h)
    await ReviewRepo(h.services.db).set_closed(ids.year, Round.MIDYEAR, True, by=BOB,
                                                now=h.clock.now())  # fmt: skip


async def _head_vote(h: Harness) -> None:
    await h.say(h.group, ADMIN, "/election open head")
    await h.press(h.group, ADMIN, text="✅")


async def _commendation_vote(h: Harness) -> None:
    """DLK and DNG aim for the flag; a bình xét of it opens (quota 1)."""
    ids = await Ids.of(h)
    for unit in (ids.dlk, ids.dng):
        await h.services.pledges.save(
            ids.year, unit, title_ids=[ids.title], commitments="x", by=ADMIN, now=h.clock.now()
        )
    await h.say(h.group, ADMIN, "/election open commendation")
    await h.press(h.group, ADMIN, text="✅")


async def _tied(h: Harness) -> None:
    """A closed bình xét where DLK and DNG tie for the flag's one seat."""
    from bot.domain.ballots import ElectionRules, Share

    bloc = await h.services.blocs.by_chat(h.group)
    assert bloc is not None
    rules = ElectionRules(approval_share=Share(num=1, den=2))
    await h.services.elections.set_rules(bloc.id, rules, by=ADMIN, now=h.clock.now())
    await _commendation_vote(h)
    for user, label, review in ((ALICE, "1·DNG", "Xem lại"), (FRANK, "1·DLK", "Review")):
        await h.say(user, user, "/vote")
        await h.press(user, user, text=label)
        await h.press(user, user, text=review)
        await h.press(user, user, text="✅")
    await h.say(h.group, ADMIN, "/election close")
    await h.press(h.group, ADMIN, text="✅")


async def _round_commit(h: Harness) -> str:
    """The ✅ of the new bình xét among the tied: the deadline it shows, from now."""
    from zoneinfo import ZoneInfo

    from bot.domain.calendar import runoff_deadline

    ids = await Ids.of(h)
    bloc = await h.services.blocs.by_chat(h.group)
    assert bloc is not None
    due = runoff_deadline(h.clock.now(), 48, ZoneInfo(bloc.timezone))
    return encode(B["election:round"](ids.election, 48, int(due.timestamp())))


def _all_units(ids: Ids) -> str:
    from bot.domain.ballot_codes import encode_units

    return encode_units([ids.dlk, ids.dng], [ids.dlk, ids.dng])


async def _assessing(h: Harness) -> None:
    await h.say(ALICE, ALICE, "/assess")


async def _assessing_an_item(h: Harness) -> None:
    await _assessing(h)
    await h.press(ALICE, ALICE, text="✏️")


async def _asked_about_a_number(h: Harness) -> None:
    """1.1 scored 9, then "7" typed at its note step: the wizard asks before keeping it."""
    await _assessing_an_item(h)
    await h.press(ALICE, ALICE, text="9")
    await h.say(ALICE, ALICE, "7")


async def _assessment_complete(h: Harness) -> None:
    from tests.flows.assess_kit import FULL

    await _assessing(h)
    await h.say(ALICE, ALICE, FULL)


async def _assessment_locked(h: Harness) -> None:
    await _assessing(h)
    ids = await Ids.of(h)
    now = h.clock.now()
    await h.services.years.set_deadline(
        ids.year, "midyear", now - timedelta(days=1), by=ADMIN, now=now
    )


async def _reopen_asked(h: Harness) -> None:
    await _assessment_locked(h)
    ids = await Ids.of(h)
    ask = encode(B["assess:reopen"](ids.dlk, Round.MIDYEAR))
    h.emu.press_forged(BOB, BOB, h.last(BOB).message_id, ask)
    await h.settle()
    await h.say(BOB, BOB, "Bổ sung minh chứng")


def _submit(ids: Ids, revision: int) -> Button:
    return B["assess:ok"](ids.dlk, Round.MIDYEAR, revision)


def _submit_shown() -> Act:
    async def act(h: Harness) -> str:
        ids = await Ids.of(h)
        revision = await h.services.db.fetch_value(
            "SELECT revision FROM assessments WHERE unit_id = ? AND round = 'midyear'", (ids.dlk,)
        )
        return encode(_submit(ids, int(revision)))

    return act


def _deadline(ids: Ids) -> Button:
    from views.year import SetDeadline

    return SetDeadline(ids.year, Phase.PLEDGE, 1_800_000_000, 0)  # no deadline set before


def _buttons() -> dict[str, type[Button]]:
    from bot.app import features
    from bot.registry import Registry

    return {f"{k}:{n}": cls for (k, n), cls in Registry(features()).button_table.items()}


B = _buttons()
REVIEWERS = ("delegate", *ADMINS)


def _results_cases() -> list[Case]:
    mid = "midyear"

    def rv(
        name: str, allowed: tuple[str, ...], make, writes=False, prep=_reviewing, home="private"
    ):  # type: ignore[no-untyped-def]
        return Case(f"review:{name}", allowed, home, press(make), writes, prep)

    return [
        Case("/review", REVIEWERS, "group", text("/review"), False, _reviewing),
        Case("/review close", ADMINS, "group", text(f"/review close {mid}"), False, _reviewing),
        # in private: a delegate's own unit's review (reviewers' own units too)
        Case("/review mine", DELEGATES, "private", text("/review"), False, _reviewed),
        Case("/summary", IN_GROUP, "group", text("/summary"), False, _reviewing),
        Case("/export", ADMINS, "group", text("/export"), False, _reviewing),
        rv("unit", REVIEWERS, lambda i: B["review:unit"](i.year, mid, i.dng), True),
        rv("list", REVIEWERS, lambda i: B["review:list"](i.year, mid)),
        # ↩️, 🗑 and "rank again" only ask; their ✅ stores (⛔ opens the reason's step)
        rv(
            "keep",
            REVIEWERS,
            lambda i: B["review:keep"](i.year, mid, i.dng, "1.1"),
            False,
            _reviewed,
        ),
        rv("drop", REVIEWERS, lambda i: B["review:drop"](i.year, mid, i.dng, 1), False, _reviewed),
        rv("excl", ADMINS, lambda i: B["review:excl"](i.year, mid, i.dng), True),
        rv("incl", ADMINS, lambda i: B["review:incl"](i.year, mid, i.dng), False, _reviewed),
        rv(
            "keepok",
            REVIEWERS,
            lambda i: B["review:keepok"](i.year, mid, i.dng, "1.1", "8"),
            True,
            _reviewed,
        ),
        rv(
            "dropok",
            REVIEWERS,
            lambda i: B["review:dropok"](i.year, mid, i.dng, 1),
            True,
            _reviewed,
        ),
        rv("inclok", ADMINS, lambda i: B["review:inclok"](i.year, mid, i.dng), True, _reviewed),
        rv(
            "exclok",
            ADMINS,
            lambda i: B["review:exclok"](i.year, mid, i.dng, i.change),
            True,
            _exclusion_asked,
        ),
        # ✖️: the unit's screen again, and the reviewer's text goes to it (the flow)
        rv("back", REVIEWERS, lambda i: B["review:back"](i.year, mid, i.dng), True),
        rv(
            "answer",
            ("other delegate",),
            lambda i: B["review:answer"](i.year, mid, i.dng),
            True,
            _reviewed,
        ),
        # the unit's own review, from /assess (🔎) or a pick of /review in private
        rv(
            "result",
            ("other delegate",),
            lambda i: B["review:result"](i.year, mid, i.dng),
            False,
            _reviewed,
        ),
        rv("mine", DELEGATE, lambda i: B["review:mine"](i.dlk, "all")),
        rv("close", ADMINS, lambda i: B["review:close"](i.year, mid), True, home="group"),
        rv(
            "reopen",
            ADMINS,
            lambda i: B["review:reopen"](i.year, mid),
            True,
            _review_closed,
            "group",
        ),
        rv("keepopen", ADMINS, lambda i: B["review:keepopen"](i.year, mid), home="group"),
        Case("summary:show", IN_GROUP, "group", press(lambda i: B["summary:show"](i.year, mid))),
        Case("export:here", ADMINS, "group", press(lambda i: B["export:here"](i.year))),
        Case("export:me", ADMINS, "group", press(lambda i: B["export:me"](i.year))),
    ]


async def _letterhead(h: Harness) -> None:
    """The bloc's document details, entered by its admin (what drafting needs first)."""
    from bot.actor import Actor
    from bot.usecases import documents
    from tests.documents.year import LETTERHEAD

    bloc = await h.services.blocs.by_chat(h.group)
    assert bloc is not None
    admin = Actor(user_id=ADMIN, chat_id=h.group, private=False)
    await documents.save_settings(h.services, admin, bloc, LETTERHEAD)


async def _template_sent(h: Harness) -> None:
    from bot.domain.documents import DocName
    from bot.formats.documents.render import default_template

    body = default_template(DocName.PROPOSAL, "vi")
    await h.send_file(h.group, BOB, "mau.docx", body, caption="/documents template totrinh")


def _documents_cases() -> list[Case]:
    from bot.domain.documents import DocName

    def on_bloc(make: Callable[[int], Button]) -> Act:
        async def act(h: Harness) -> str:
            bloc = await h.services.blocs.by_chat(h.group)
            assert bloc is not None
            return encode(make(bloc.id))

        return act

    return [
        Case("/documents", ADMINS, "anywhere", text("/documents")),
        Case("/documents template", ADMINS, "anywhere", text("/documents template baocao")),
        Case("docs:doc", ADMINS, "anywhere",
             press(lambda i: B["docs:doc"](i.year, DocName.REPORT)), False, _letterhead),
        Case("docs:bloc", ADMINS, "private", on_bloc(lambda b: B["docs:bloc"](b))),
        Case("docs:edit", ADMINS, "private", press(lambda i: B["docs:edit"](i.year, "settings")),
             True),
        Case("docs:here", ADMINS, "group", press(lambda i: B["docs:here"](i.year))),
        Case("docs:me", ADMINS, "group", press(lambda i: B["docs:me"](i.year))),
        Case("docs:save", ADMINS, "anywhere", press(lambda i: B["docs:save"](i.change)), True,
             _template_sent),
        Case("docs:drop", ADMINS, "anywhere", press(lambda i: B["docs:drop"](i.change)), True,
             _template_sent),
    ]  # fmt: skip


CASES = [
    # core
    Case("/start", EVERYONE, "private", text("/start")),
    Case("/help", EVERYONE, "anywhere", text("/help")),
    Case("/lang", EVERYONE, "anywhere", text("/lang en")),  # users: not compared
    Case("lang:set", EVERYONE, "private", press(lambda ids: ChooseLanguage("en"))),
    Case("/me", EVERYONE, "private", text("/me")),
    Case("/cancel", EVERYONE, "anywhere", text("/cancel")),
    # membership
    Case("/setup again", ADMINS, "group", text("/setup")),
    Case("/setup rename", ADMINS, "group", text("/setup Tên khác"), writes=True),
    *(
        Case(
            f"setup:{n}",
            ADMINS,
            "group",
            press(lambda i, n=n: B[f"setup:{n}"](i.change)),
            True,
            _bloc_rename_proposed,
        )
        for n in ("ok", "no")
    ),
    Case("/admin", IN_GROUP, "group", text("/admin")),  # the list: who to ask
    Case("/admin add", ADMINS, "group", text("/admin add @mai")),
    Case("/admin remove", ADMINS, "group", text("/admin remove @hung_admin")),
    Case("admins:add", ADMINS, "group", press(lambda i: B["admins:add"](CAROL)), True),
    Case("admins:rm", ADMINS, "group", press(lambda i: B["admins:rm"](ADMIN)), True),
    Case("admins:no", ADMINS, "group", press(lambda i: B["admins:no"](CAROL))),
    Case("/units", IN_GROUP, "group", text("/units")),
    Case("/unit", ADMINS, "group", text("/unit DLK")),
    Case("/addunit", ADMINS, "group", text("/addunit KTM Kon Tum"), writes=True),
    Case("/invite", ADMINS, "group", text("/invite DNG"), writes=True),
    Case("/join", IN_GROUP, "group", text("/join")),
    Case("/leave", DELEGATES, "private", text("/leave")),
    Case("units:page", IN_GROUP, "group", press(lambda i: B["units:page"](0))),
    Case("units:card", ADMINS, "group", press(lambda i: B["units:card"](i.dlk))),
    Case("units:kick", ADMINS, "group", press(lambda i: B["units:kick"](i.dlk, ALICE))),
    Case("units:kickok", ADMINS, "group", press(lambda i: B["units:kickok"](i.dlk, ALICE)), True),
    Case("units:rm", ADMINS, "group", press(lambda i: B["units:rm"](i.dlk))),
    Case("units:rmok", ADMINS, "group", press(lambda i: B["units:rmok"](i.dlk)), True),
    *(
        Case(
            f"roster:{n}",
            ADMINS,
            "group",
            press(lambda i, n=n: B[f"roster:{n}"](i.change)),
            True,
            _rename_proposed,
        )
        for n in ("ok", "no")
    ),
    Case(
        "invite:revoke",
        ADMINS,
        "private",
        press(lambda i: B["invite:revoke"](i.invite)),
        True,
        _invite_made,
    ),
    # a /join picker answers only its asker (here the member, the first allowed role)
    Case("join:page", IN_GROUP, "group", press(lambda i: B["join:page"](CAROL, 0))),
    Case("join:ask", IN_GROUP, "group", press(lambda i: B["join:ask"](i.dng, CAROL)), True),
    *(
        Case(
            f"join:{n}",
            ADMINS,
            "group",
            press(lambda i, n=n: B[f"join:{n}"](i.request)),
            True,
            _join_asked,
        )
        for n in ("yes", "no")
    ),
    Case("leave:unit", DELEGATE, "private", press(lambda i: B["leave:unit"](i.dlk))),
    Case("leave:ok", DELEGATE, "private", press(lambda i: B["leave:ok"](i.dlk)), True),
    Case("leave:no", DELEGATE, "private", press(lambda i: B["leave:no"](i.dlk))),
    # the year
    Case("/year", IN_GROUP, "group", text("/year")),
    Case("/year close", ADMINS, "group", text("/year close")),
    Case("/year reopen", ADMINS, "group", text("/year reopen")),  # a year is open: refused
    Case("/deadline", ADMINS, "group", text("/deadline pledge 31/01/2027")),
    Case("/status", IN_GROUP, "group", text("/status")),
    # reminders
    Case("/remind", ADMINS, "group", text("/remind")),
    Case("/remind 5d", ADMINS, "group", text("/remind 5d 1d"), writes=True),
    Case("/remind now", ADMINS, "group", text("/remind now pledge")),
    Case("remind:again", ADMINS, "group", _remind_again, True, _reminded),
    Case("remind:keep", ADMINS, "group", press(lambda i: B["remind:keep"](Phase.PLEDGE))),
    Case("remind:quiet", ADMINS, "group", _remind_quiet, True, _pledge_ahead),
    Case("remind:hush", ADMINS, "group", press(lambda i: B["remind:hush"](Phase.PLEDGE))),
    Case("year:open", ADMINS, "group", press(lambda i: B["year:open"](2027))),
    Case("year:close", ADMINS, "group", press(lambda i: B["year:close"](i.year)), True),
    Case("year:reopen", ADMINS, "group", press(lambda i: B["year:reopen"](i.year))),
    Case("year:dl", ADMINS, "group", press(_deadline), True),
    Case("year:no", ADMINS, "group", press(lambda i: B["year:no"]())),
    # the scale
    Case("/scale", IN_GROUP, "group", text("/scale")),
    Case("/scale template", ADMINS, "group", text("/scale template")),
    Case("scale:top", IN_GROUP, "group", press(lambda i: B["scale:top"](i.scale, 0))),
    Case("scale:part", IN_GROUP, "group", press(lambda i: B["scale:part"](i.scale, "0", 0))),
    *(
        Case(
            f"scale:{n}",
            ADMINS,
            "group",
            press(lambda i, n=n: B[f"scale:{n}"](i.change)),
            True,
            _scale_proposed,
        )
        for n in ("ok", "no")
    ),
    # titles
    Case("/titles", ADMINS, "group", text("/titles")),
    Case("titles:rm", ADMINS, "group", press(lambda i: B["titles:rm"](i.title))),
    Case("titles:rm_ok", ADMINS, "group", press(lambda i: B["titles:rm_ok"](i.title)), True),
    Case("titles:keep", ADMINS, "group", press(lambda i: B["titles:keep"]())),
    *(
        Case(
            f"titles:{n}",
            ADMINS,
            "group",
            press(lambda i, n=n: B[f"titles:{n}"](i.change)),
            True,
            _title_proposed,
        )
        for n in ("ok", "no")
    ),
    # pledges, the delegate's side
    Case("/pledge", DELEGATES, "private", text("/pledge"), writes=True),
    Case("pledge:unit", DELEGATE, "private", press(lambda i: B["pledge:unit"](i.dlk)), True),
    Case(
        "pledge:t",
        DELEGATE,
        "private",
        press(lambda i: B["pledge:t"](i.dlk, i.title)),
        True,
        _pledging,
    ),
    Case(
        "pledge:go",
        DELEGATE,
        "private",
        press(lambda i: B["pledge:go"](i.dlk, "commitments")),
        True,
        _pledge_titled,
    ),
    Case(
        "pledge:clear",
        DELEGATE,
        "private",
        press(lambda i: B["pledge:clear"](i.dlk)),  # asks first
        False,
        _pledge_written,
    ),
    Case(
        "pledge:clear_ok",
        DELEGATE,
        "private",
        press(lambda i: B["pledge:clear_ok"](i.dlk)),
        True,
        _pledge_written,
    ),
    Case(
        "pledge:clear_no",
        DELEGATE,
        "private",
        press(lambda i: B["pledge:clear_no"](i.dlk)),
        False,
        _pledge_written,
    ),
    Case(
        "pledge:restart",
        DELEGATE,
        "private",
        press(lambda i: B["pledge:restart"](i.dlk)),  # asks first
        False,
        _pledge_differs,
    ),
    Case(
        "pledge:restart_ok",
        DELEGATE,
        "private",
        press(lambda i: B["pledge:restart_ok"](i.dlk)),
        True,
        _pledge_differs,
    ),
    Case(
        "pledge:ok",
        DELEGATE,
        "private",
        press(lambda i: B["pledge:ok"](i.dlk)),
        True,
        _pledge_in_review,
    ),
    Case("pledge:no", DELEGATE, "private", press(lambda i: B["pledge:no"](i.dlk)), True, _pledging),
    # pledges, the group's side
    Case("pledges:see", IN_GROUP, "group", press(lambda i: B["pledges:see"](i.dlk))),
    Case("pledges:st", IN_GROUP, "group", press(lambda i: B["pledges:st"](i.year, 0))),
    Case("pledges:read", IN_GROUP, "group", press(lambda i: B["pledges:read"](i.year, 0))),
    Case("pledges:pub", ADMINS, "group", press(lambda i: B["pledges:pub"](i.year))),
    Case("pledges:pub_ok", ADMINS, "group", press(lambda i: B["pledges:pub_ok"](i.year)), True),
    Case("pledges:reopen", ADMINS, "private", press(lambda i: B["pledges:reopen"](i.dlk))),
    Case("pledges:keep", ADMINS, "private", press(lambda i: B["pledges:keep"](i.dlk))),
    Case(
        "pledges:reopen_ok",
        ADMINS,
        "private",
        press(lambda i: B["pledges:reopen_ok"](i.dlk)),
        True,
        _pledge_deadline_passed,
    ),
    # score review, summary, export
    *_results_cases(),
    # year-end documents
    *_documents_cases(),
    # votes, the group's side
    Case("/election", ADMINS, "group", text("/election open head")),
    Case("/election close", ADMINS, "group", text("/election close"), prepare=_head_vote),
    Case("/head", ADMINS, "group", text("/head set DLK")),
    Case("/deputy", ADMINS, "group", text("/deputy set DNG")),
    Case("/head alone", IN_GROUP, "group", text("/head")),  # who leads: a read
    Case("/head this year", ADMINS, "group", text("/head set DLK 2026")),
    Case(
        "election:pick", ADMINS, "group", press(lambda i: B["election:pick"]("head", _all_units(i)))
    ),
    Case("election:quota", ADMINS, "group", press(lambda i: B["election:quota"]("0.0.0.0"))),
    Case(
        "election:open",
        ADMINS,
        "group",
        press(lambda i: B["election:open"]("head", i.year, _all_units(i))),
        True,
    ),
    Case(
        "election:close",
        ADMINS,
        "group",
        press(lambda i: B["election:close"](i.election)),
        True,
        _head_vote,
    ),
    Case(
        "election:tie",
        ADMINS,
        "group",
        press(lambda i: B["election:tie"](i.election)),
        False,
        _tied,
    ),
    Case("election:round", ADMINS, "group", _round_commit, True, _tied),
    Case(
        "election:noround", ADMINS, "group", press(lambda i: B["election:noround"]("commendation"))
    ),
    Case(
        "election:lead",
        ADMINS,
        "group",
        press(lambda i: B["election:lead"]("head", i.dlk, 2027)),
        True,
    ),
    Case("election:no", ADMINS, "group", press(lambda i: B["election:no"]())),
    Case("election:rule", ADMINS, "group", press(lambda i: B["election:rule"](0)), True),
    # votes, the delegate's side
    Case("/vote", DELEGATES, "private", text("/vote")),
    Case("vote:unit", DELEGATE, "private", press(lambda i: B["vote:unit"](i.dlk))),
    *(
        Case(f"vote:{n}", DELEGATE, "private", press(make), writes, _head_vote)
        for n, make, writes in (
            ("show", lambda i: B["vote:show"](i.dlk, i.election), False),
            ("pick", lambda i: B["vote:pick"](i.dlk, i.election, i.dng), False),
            ("cast", lambda i: B["vote:cast"](i.dlk, i.election, i.dng), True),
            ("no", lambda i: B["vote:no"](i.dlk), False),
        )
    ),
    *(
        Case(f"vote:{n}", DELEGATE, "private", press(make), writes, _commendation_vote)
        for n, make, writes in (
            ("ap", lambda i: B["vote:ap"](i.dlk, i.election, "2"), False),
            ("rev", lambda i: B["vote:rev"](i.dlk, i.election, "2"), False),
            ("castap", lambda i: B["vote:castap"](i.dlk, i.election, "2"), True),
        )
    ),
    # self-assessment, the delegate's side
    # an admin who acts for no unit reads every unit's state (a recorded admin, not a Telegram one)
    Case("/assess", (*DELEGATES, "bloc admin"), "private", text("/assess"), writes=True),
    Case("assess:unit", DELEGATE, "private", press(lambda i: B["assess:unit"](i.dlk, "now")), True),
    Case(
        "assess:go",
        DELEGATE,
        "private",
        press(lambda i: B["assess:go"](i.dlk, Round.MIDYEAR, Stage.SCORE)),
        True,
        _assessing,
    ),
    Case(
        "assess:ev",
        DELEGATE,
        "private",
        press(lambda i: B["assess:ev"](i.dlk, Round.MIDYEAR, "1.2")),
        True,
        _assessing,
    ),
    Case(
        "assess:v",
        DELEGATE,
        "private",
        press(lambda i: B["assess:v"](i.dlk, Round.MIDYEAR, "1.1", "9", 0)),
        True,
        _assessing,
    ),
    Case(
        "assess:next",
        DELEGATE,
        "private",
        press(lambda i: B["assess:next"](i.dlk, Round.MIDYEAR, "1.1")),
        True,
        _assessing_an_item,
    ),
    Case(
        "assess:held",
        DELEGATE,
        "private",
        press(lambda i: B["assess:held"](i.dlk, Round.MIDYEAR, "1.1", held_tag("7"))),
        True,
        _asked_about_a_number,
    ),
    Case(
        "assess:clr",
        DELEGATE,
        "private",
        press(lambda i: B["assess:clr"](i.dlk, Round.MIDYEAR, "1.1", 0)),
        True,
        _assessing_an_item,
    ),
    Case(
        "assess:xlsx",
        DELEGATE,
        "private",
        press(lambda i: B["assess:xlsx"](i.dlk, Round.MIDYEAR)),
        False,
        _assessing,
    ),
    Case("assess:ok", DELEGATE, "private", _submit_shown(), True, _assessment_complete),
    Case(
        "assess:close",
        DELEGATE,
        "private",
        press(lambda i: B["assess:close"](i.dlk, Round.MIDYEAR)),
        True,
        _assessing,
    ),
    # self-assessment, the group's and the admins' side
    Case(
        "assess:see",
        ("delegate", *ADMINS),
        "anywhere",
        press(lambda i: B["assess:see"](i.dlk, Round.MIDYEAR)),
        False,
        _assessing,
    ),
    Case(
        "assess:st", IN_GROUP, "anywhere", press(lambda i: B["assess:st"](i.year, Round.MIDYEAR, 0))
    ),
    Case(
        "assess:reopen",
        ADMINS,
        "private",
        press(lambda i: B["assess:reopen"](i.dlk, Round.MIDYEAR)),
        True,
        _assessment_locked,
    ),
    Case(  # only the admin who typed the reason has it in their flow
        "assess:reopen_ok",
        ("bloc admin",),
        "private",
        press(lambda i: B["assess:reopen_ok"](i.dlk, Round.MIDYEAR)),
        True,
        _reopen_asked,
    ),
    Case(
        "assess:keep",
        ADMINS,
        "private",
        press(lambda i: B["assess:keep"](i.dlk, Round.MIDYEAR)),
        True,
        _reopen_asked,
    ),
    # score review, summary, export
    *_results_cases(),
]


def test_every_command_and_button_has_a_case() -> None:
    from bot.app import features
    from bot.registry import Registry

    registry = Registry(features())
    names = {c.name.split()[0] for c in CASES}
    commands = {f"/{name}" for name, _ in registry.commands}
    assert commands - names == set()
    assert set(B) - names == set()


async def table_dump(h: Harness) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but `users` (the gate records profiles as people write)."""
    tables = await h.services.db.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        " AND name NOT IN ('users', 'schema_version') AND name NOT LIKE 'sqlite_%'"
    )
    dump = {}
    for (table,) in tables:
        rows = await h.services.db.fetch_all(f"SELECT * FROM {table}")
        dump[table] = sorted(tuple(map(str, row)) for row in rows)
    return dump


async def perform(h: Harness, case: Case, user: int, chat: int, what: str) -> str:
    """Do the action as `user` in `chat`; the text of the answer (a message or an alert)."""
    if not case.button:
        answers = await h.say(chat, user, what)
        return "\n".join(a.text for a in answers)
    message = h.last(chat)
    seen = len(h.emu.bot_messages(chat))
    query = h.emu.press_forged(chat, user, message.message_id, what)
    await h.settle()
    answer = h.emu.answer_for(query)
    if answer and answer.get("text"):
        return str(answer["text"])
    after = [message, *h.emu.bot_messages(chat)[seen:]] if message.edited else []
    return "\n".join(m.text for m in after or h.emu.bot_messages(chat)[seen:])


def refused(answer: str) -> bool:
    return any(reason and reason in answer for reason in REFUSALS)


def _chats(h: Harness, user: int) -> dict[str, int]:
    return {"group": h.group, "private": user}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_rights(bot: Harness, case: Case) -> None:
    await scene(bot)
    if case.prepare is not None:
        await case.prepare(bot)
    what = await case.act(bot)
    for role, user in ROLES.items():
        for where, chat in _chats(bot, user).items():
            at_home = case.home in (where, "anywhere")
            if role in case.allowed and at_home:
                continue
            if where == "group" and role == "stranger" and not case.button:
                continue  # Telegram does not let people outside a group post in it
            before = await table_dump(bot)
            answer = await perform(bot, case, user, chat, what)
            if at_home:
                assert refused(answer), (case.name, role, where, answer)
            assert await table_dump(bot) == before, (case.name, role, where, answer)
    role = case.allowed[0]
    user = ROLES[role]
    where = "private" if case.home == "anywhere" else case.home
    before = await table_dump(bot)
    answer = await perform(bot, case, user, _chats(bot, user)[where], what)
    assert answer and not refused(answer), (case.name, role, answer)
    changed = await table_dump(bot) != before
    assert changed == case.writes, (case.name, role, answer)


async def test_first_setup_is_for_the_groups_telegram_administrators(bot: Harness) -> None:
    add_people(bot)
    empty = await table_dump(bot)
    for user in (CAROL, ALICE, BOB):
        [answer] = await bot.say(bot.group, user, "/setup Khối")
        assert refused(answer.text), answer.text
        assert await table_dump(bot) == empty
    [created] = await bot.say(bot.group, EVE, "/setup Khối")
    assert created.text.startswith("✅")
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None and await bot.services.blocs.admins(bloc.id) == [EVE]


async def test_an_invite_link_works_for_whoever_holds_it(bot: Harness) -> None:
    """`/start <token>`: the link is the capability (an admin made it for one person)."""
    await scene(bot)
    for user in (DAVE, CAROL, ALICE, BOB, EVE):
        token = await invite_link(bot, "DNG")
        [answer] = await bot.say(user, user, f"/start {token}")
        assert answer.text.startswith("✅"), answer.text
