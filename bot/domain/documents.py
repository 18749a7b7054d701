"""The year-end documents a bloc files, and what each needs before it can be drafted.

Why pure: `/documents` lists what can be drafted now and, for the rest, exactly what is missing
("bình xét chưa kết thúc"); the command line refuses with the same list. Both read one function
of a few facts about the year (`Facts`), tested on its own. The bloc's letterhead and signer
(`DocumentSettings`) and the bình xét meeting (`Meeting`) are checked here too, so the chat and
the command line accept the same values.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator

from bot.domain.bloc import Record
from bot.domain.calendar import parse_date

MAX_FIELD = 200
MAX_RECIPIENTS = 12
#: An uploaded template is refused above this size (the issue's 5 MB).
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


class DocName(StrEnum):
    """A document, by the short name `/documents template <name>` takes (ASCII, no spaces)."""

    COUNT_LEADERS = "kiemphieu-bau"  # biên bản kiểm phiếu bầu Khối trưởng, Khối phó
    COUNT_BINHXET = "kiemphieu-binhxet"  # biên bản kiểm phiếu bình xét
    MEETING = "bienban-hop"  # biên bản họp bình xét
    PROPOSAL = "totrinh"  # tờ trình đề nghị khen thưởng
    SCORES = "bangdiem"  # bảng tổng hợp điểm (landscape)
    REPORT = "baocao"  # báo cáo tổng kết (skeleton)


class Missing(StrEnum):
    """What a document still lacks; each is a catalog key `documents.missing_<value>`."""

    LEADER_VOTE = "leader_vote"  # no head or deputy election closed this year
    BINHXET_OPEN = "binhxet_open"  # the bình xét is still open
    BINHXET = "binhxet"  # no bình xét held this year
    YEAREND_SCORES = "yearend_scores"  # no unit submitted its year-end self-assessment
    YEAREND_REVIEW = "yearend_review"  # the year-end review (thẩm định) is not closed
    MEETING = "meeting"  # the meeting's date and place were not entered
    SETTINGS = "settings"  # the bloc's letterhead was not entered (/documents' buttons need it)


class Tie(Record):
    """A title whose last seats are still tied at the quota line after the bình xét: the
    units (by code) wait for a re-vote among them, or for the bloc's decision."""

    title: str
    codes: tuple[str, ...]


class Facts(Record):
    """What the availability of the documents depends on (gathered from the database)."""

    leader_votes_closed: int = 0
    binhxet_closed: bool = False
    binhxet_open: bool = False
    yearend_submitted: bool = False
    yearend_closed: bool = False
    meeting_entered: bool = False
    ties: tuple[Tie, ...] = ()


def missing(name: DocName, facts: Facts) -> tuple[Missing, ...]:
    """What `name` lacks before it can be drafted; empty when it can be drafted now.

    The report skeleton can always be drafted (its data sections say what is not there yet).
    """
    found: list[Missing] = []
    if name is DocName.COUNT_LEADERS and not facts.leader_votes_closed:
        found.append(Missing.LEADER_VOTE)
    if name in (DocName.COUNT_BINHXET, DocName.MEETING, DocName.PROPOSAL):
        if facts.binhxet_open:
            found.append(Missing.BINHXET_OPEN)
        elif not facts.binhxet_closed:
            found.append(Missing.BINHXET)
    if name in (DocName.MEETING, DocName.PROPOSAL, DocName.SCORES):
        if not facts.yearend_submitted:
            found.append(Missing.YEAREND_SCORES)
        elif not facts.yearend_closed:
            found.append(Missing.YEAREND_REVIEW)
    if name is DocName.MEETING and not facts.meeting_entered:
        found.append(Missing.MEETING)
    return tuple(found)


def left_open(name: DocName, facts: Facts) -> tuple[Tie, ...]:
    """What a document that can be drafted would still leave open: the proposal letter cannot
    propose a seat still tied, so it is offered as incomplete (naming the tie) and states the
    seat as pending, rather than refused: a bloc that settles the tie in its meeting, or a
    year closed with it, still gets the draft to complete by hand."""
    return facts.ties if name is DocName.PROPOSAL else ()


def availability(facts: Facts) -> dict[DocName, tuple[Missing, ...]]:
    """Every document with what it lacks (empty: ready), in the order of `DocName`."""
    return {name: missing(name, facts) for name in DocName}


def _one_line(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValueError("empty")
    if len(text) > MAX_FIELD:
        raise ValueError("too long")
    return text


class DocumentSettings(Record):
    """The bloc's letterhead and signer (Decree 30/2020/NĐ-CP: issuing body, number and symbol,
    place, signer, recipients), asked the first time a document is drafted and kept."""

    parent_body: str = ""  # cơ quan chủ quản, may be empty
    issuing_body: str  # e.g. "KHỐI THI ĐUA CÁC BAN QUẢN LÝ KCN, KKT PHÍA NAM"
    place_name: str  # địa danh of the date line, e.g. "Đồng Nai"
    signer_title: str  # e.g. "TRƯỞNG BAN QUẢN LÝ CÁC KCN ĐỒNG NAI"
    signer_name: str
    number_prefix: str  # the symbol after the document type, e.g. "KTĐ" in "…/TTr-KTĐ"
    recipients: tuple[str, ...] = Field(min_length=1, max_length=MAX_RECIPIENTS)

    @field_validator("issuing_body", "place_name", "signer_title", "signer_name")
    @classmethod
    def _required(cls, value: str) -> str:
        return _one_line(value)

    @field_validator("parent_body")
    @classmethod
    def _optional(cls, value: str) -> str:
        return _one_line(value) if value.strip() else ""

    @field_validator("number_prefix")
    @classmethod
    def _symbol(cls, value: str) -> str:
        text = _one_line(value).upper()
        if len(text) > 30 or any(c.isspace() or c == "/" for c in text):
            raise ValueError("a symbol has no spaces or slash")
        return text

    @field_validator("recipients")
    @classmethod
    def _lines(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_one_line(line) for line in value)

    @property
    def addressee(self) -> str:
        """The "Kính gửi" of the proposal letter: the first recipient."""
        return self.recipients[0]


class Meeting(Record):
    """The bình xét meeting as the admin typed it for the minutes."""

    held_on: date
    place: str
    extra_unit_ids: tuple[int, ...] = ()

    @field_validator("place")
    @classmethod
    def _place(cls, value: str) -> str:
        return _one_line(value)


#: The three-part symbol of each document (Decree 30, appendix III): BB biên bản, TTr tờ
#: trình, BC báo cáo; the score table is an attachment and carries no number of its own.
SYMBOLS: dict[DocName, str] = {
    DocName.COUNT_LEADERS: "BB",
    DocName.COUNT_BINHXET: "BB",
    DocName.MEETING: "BB",
    DocName.PROPOSAL: "TTr",
    DocName.REPORT: "BC",
}


def number_and_symbol(name: DocName, settings: DocumentSettings) -> str:
    """ "      /TTr-KTĐ": the number is left blank for the clerk who registers the document."""
    symbol = SYMBOLS.get(name)
    if symbol is None:
        return ""
    return f"{' ' * 6}/{symbol}-{settings.number_prefix}"


#: The letterhead form, one line each in this order ("label: value"; recipients split by ";").
SETTINGS_FIELDS = (
    "parent_body",
    "issuing_body",
    "place_name",
    "signer_title",
    "signer_name",
    "number_prefix",
    "recipients",
)


def _value(line: str) -> str:
    return line.split(":", 1)[1].strip() if ":" in line else line.strip()


def settings_fields(text: str) -> dict[str, object] | None:
    """The letterhead form as typed back (one "label: value" line per field, in order; "-"
    leaves the parent body empty), as fields for `DocumentSettings`; None when lines are missing.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != len(SETTINGS_FIELDS):
        return None
    values = [_value(line) for line in lines]
    fields: dict[str, object] = dict(zip(SETTINGS_FIELDS, values, strict=True))
    fields["parent_body"] = "" if values[0] in ("-", "—") else values[0]
    fields["recipients"] = [part.strip() for part in values[-1].split(";") if part.strip()]
    return fields


def meeting_fields(text: str, year: int | None = None) -> tuple[date, str, list[str]] | None:
    """ "20/12/2027; Hội trường A; U06 U07": the date, the place, and units present that cast
    no ballot (optional); None when it is not written in parts separated by ";". A date that
    cannot be raises `parse_date`'s `InvalidValue`, which says why ("tháng 12/2026 chỉ có 31
    ngày"); `year` (the form's) makes its example."""
    parts = [part.strip() for part in text.split(";")]
    if len(parts) not in (2, 3):
        return None
    held_on = parse_date(parts[0], year)
    codes = parts[2].replace(",", " ").split() if len(parts) == 3 else []
    return held_on, parts[1], codes
