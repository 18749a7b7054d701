"""The year's results as the workbook and the chart read them: one model, gathered once.

Why a model of its own: the workbook, the chart and `/summary` must show the same numbers, so a
use case gathers a `YearReport` from the database (with the ranking already computed by the
domain) and the renderers only lay it out. Everything is plain data: no database, no Telegram,
so the renderers can run in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.elections import numbering
from bot.domain.ranking import Comparison, Ranking, compare
from bot.domain.review import Answer, Round, Sheet
from bot.domain.scale import Scale, canonical


class Frozen(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)


class UnitInfo(Frozen):
    unit_id: int
    code: str
    name: str
    delegates: tuple[str, ...] = ()
    role: str | None = None  # "head" | "deputy" this year
    #: "head" | "deputy" next year: elected (or recorded) during this one.
    next_role: str | None = None
    #: That role was decided by the bloc at its meeting and recorded with /head set or
    #: /deputy set (rotation, a show of hands, or a vote that filled no seat), not elected.
    next_decided: bool = False


class PledgeInfo(Frozen):
    unit_id: int
    titles: tuple[str, ...]
    commitments: str
    registered_at: datetime


class RoundReport(Frozen):
    """One round: the scale it was scored against, each unit's reviewed sheet, the ranking."""

    round: Round
    scale: Scale
    sheets: dict[int, Sheet] = Field(default_factory=dict)
    ranking: Ranking
    closed: bool = False
    #: The units' answers (giải trình) to their review, by unit.
    answers: dict[int, tuple[Answer, ...]] = Field(default_factory=dict)


class Tally(Frozen):
    candidate: str
    votes: int
    chosen: bool = False
    #: Bình xét: tied at the quota line (a new bình xét among the tied, or the bloc decides).
    tied: bool = False


class VoteResult(Frozen):
    """A closed vote's tallies, turnout and receipts counted, never who voted for whom.

    `kind` is head, deputy or commendation (then `title` names the title voted on).
    """

    kind: str
    title: str | None = None
    #: A second round: the head's or deputy's runoff, or the bình xét among tied units.
    runoff: bool = False
    #: Which of the year's votes of this kind and round it is, when there were several (a
    #: void vote held again); None when it was the only one.
    attempt: int | None = None
    eligible: int
    cast: int
    receipts: int = 0
    #: The receipt codes, sorted, as published in the group at the close (no choice beside
    #: them): each unit finds its own code in the workbook too.
    receipt_codes: tuple[str, ...] = ()
    tallies: tuple[Tally, ...] = ()
    #: Head or deputy: ballots that chose no unit, and invalid ones, so the rows add up to
    #: the ballots counted.
    abstentions: int = 0
    invalid: int = 0
    #: Bình xét: the first of its vote's titles. One ballot a unit covers every title, so the
    #: vote's turnout and receipt codes are told once, with it.
    first_title: bool = True
    #: Bình xét: the units tied at the quota line were voted on again (a later round stands).
    revoted: bool = False
    #: Bình xét: the title's quota and the approvals a unit needed (as the minutes state them).
    quota: int | None = None
    needed: int | None = None
    #: Without quorum: no result, and no numbers per candidate were kept (`HeadTally.sealed`).
    void: bool = False
    #: Head or deputy: counted, but nobody elected (a tie in the runoff, or no majority and no
    #: runoff possible): the bloc decides and records it with /head set or /deputy set.
    undecided: bool = False
    #: Head or deputy: no majority, so a second round between these units (codes) followed.
    runoff_between: tuple[str, ...] = ()
    #: Deputy: the unit with the most votes (its code) is already next year's head, so the
    #: vote filled no seat (`bot.domain.elections.won_by_the_head`).
    head_won: str | None = None


def vote_name(say: Callable[..., str], vote: VoteResult, whole: bool = False) -> str:
    """The name of a vote in the workbook and in /summary, told apart from the year's other
    votes of its kind: `say(key, **params)` gives the text of an `export` key. A bình xét is
    named by its title, or with `whole` as the vote of all its titles ("Bình xét")."""
    if vote.kind == "commendation" and whole:
        name = say("vote_revote_whole" if vote.runoff else "vote_commendation_whole")
    elif vote.kind == "commendation" and vote.runoff:
        name = say("vote_revote", title=vote.title or "")
    else:
        name = say(f"vote_{vote.kind}", title=vote.title or "")
    # a bình xét's runoff is named "Bình xét lại", not by its round
    told = numbering(None if vote.kind == "commendation" else 2 if vote.runoff else 1, vote.attempt)
    return say(f"vote_{told[0]}", name=name, **told[1]) if told is not None else name


def quota_line(say: Callable[..., str], vote: VoteResult) -> str | None:
    """A bình xét's title with its quota and the approvals needed, in the words of its minutes
    and its result in the group (`say(key, **params)` gives the text of a `documents` key); a
    void one counted nothing, so it needed no approvals. None for a head or deputy vote."""
    if vote.quota is None:
        return None
    title = vote.title or ""
    if vote.void or vote.needed is None:
        return say("title_line_uncounted", title=title, quota=vote.quota)
    return say("title_line", title=title, quota=vote.quota, needed=vote.needed)


class LogLine(Frozen):
    """Who did what when; scores changed are kept as numbers (old and new) for the sheet."""

    at: datetime  # UTC
    who: str
    unit: str | None = None
    round: Round | None = None
    action: str  # a key of the `export` catalog, `log_<action>`
    item: str | None = None
    old: Decimal | None = None
    new: Decimal | None = None
    detail: str = ""


class YearReport(Frozen):
    bloc_name: str
    year: int
    timezone: str
    units: tuple[UnitInfo, ...]
    pledges: tuple[PledgeInfo, ...] = ()
    #: The names of the bloc's titles in its list order (`/titles`), removed ones included.
    titles: tuple[str, ...] = ()
    rounds: tuple[RoundReport, ...] = ()
    votes: tuple[VoteResult, ...] = ()
    log: tuple[LogLine, ...] = ()
    #: Display names of the people named in reviews (reviewers, the units' answers).
    people: dict[int, str] = Field(default_factory=dict)
    #: The rounds whose review an admin closed (with or without submissions).
    closed_reviews: tuple[Round, ...] = ()
    #: The year was closed: no review can change any more, closed or not.
    year_closed: bool = False
    #: An admin published the commitments (📢): the group may read them.
    commitments_published: bool = False
    #: A copy posted to the bloc's group (`for_group`): it leaves out what the group is not
    #: told elsewhere — why a unit was not ranked, the review's reasons and the units'
    #: answers (the unit's and the reviewers' only, as `/summary`), and the commitments until
    #: they are published (as `/status`). The admin's private copy keeps everything.
    group_copy: bool = False

    def for_group(self) -> YearReport:
        return self.model_copy(update={"group_copy": True})

    @property
    def commitments_shown(self) -> bool:
        return self.commitments_published or not self.group_copy

    def person(self, user_id: int) -> str:
        return self.people.get(user_id, str(user_id))

    def review_state(self, which: Round) -> str:
        """How the round's review stands, as every view names it: "closed" (closed by an
        admin: the final scores stand), "year_closed" (the year ended with it still open:
        nothing changes any more either), else "open"."""
        part = self.round(which)
        if which in self.closed_reviews or (part is not None and part.closed):
            return "closed"
        return "year_closed" if self.year_closed else "open"

    def review_closed_at(self, which: Round) -> datetime | None:
        """When the round's review was closed (its last closing in the log), while it stays
        closed; None while it is open, or when the year ended with it open."""
        if self.review_state(which) != "closed":
            return None
        times = [x.at for x in self.log if x.round is which and x.action == "closed"]
        return max(times, default=None)

    def round(self, which: Round) -> RoundReport | None:
        return next((r for r in self.rounds if r.round is which), None)

    @property
    def next_head(self) -> int | None:
        """Next year's head unit (elected or recorded during this year), if any."""
        return next((u.unit_id for u in self.units if u.next_role == "head"), None)

    def decided(self, role: str) -> UnitInfo | None:
        """Next year's unit in `role` ("head", "deputy") as the bloc decided it at its meeting,
        if recorded: what a vote that filled no seat (a tie, no majority) led to."""
        return next((u for u in self.units if u.next_role == role and u.next_decided), None)

    def unit(self, unit_id: int) -> UnitInfo | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)

    @property
    def latest(self) -> RoundReport | None:
        """The latest round with anything ranked (year-end before mid-year)."""
        for which in (Round.YEAREND, Round.MIDYEAR):
            found = self.round(which)
            if found is not None and not found.ranking.empty:
                return found
        return None

    def comparison(self) -> tuple[Comparison, ...]:
        """Mid-year against year-end, when both rounds have a ranking."""
        mid, end = self.round(Round.MIDYEAR), self.round(Round.YEAREND)
        if mid is None or end is None or mid.ranking.empty or end.ranking.empty:
            return ()
        return compare(mid.ranking, end.ranking)


def places(value: Decimal) -> int:
    """How many decimals a step or a number has (0.5 -> 1, 0.25 -> 2, 2 -> 0)."""
    exponent = canonical(value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def number_text(lang: str, value: Decimal) -> str:
    """A number as people read it: the decimal comma in Vietnamese (87,5), the point in English."""
    text = format(canonical(value), "f")
    return text.replace(".", ",") if lang == "vi" else text
