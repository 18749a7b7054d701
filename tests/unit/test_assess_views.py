"""/assess screens stay within Telegram's message limit on the largest scale, in both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.domain.assessment import (
    Assessment,
    Evidence,
    EvidenceKind,
    LogAction,
    LogEntry,
    Round,
    Score,
)
from bot.domain.bloc import Bloc, Membership, Unit
from bot.domain.errors import Reason, error
from bot.domain.scale import Criterion, Scale, Section
from bot.domain.score_lines import ScoreLine
from bot.domain.year import StoredScale, Year
from bot.i18n import Catalog, plain_text
from bot.usecases.assessment import Position, Session, Stage
from bot.usecases.assessment_admin import UnitAssessment
from bot.usecases.assessment_input import Received
from views.assess import render
from views.assess_review import render_received
from views.assess_round import render_unit

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
LIMIT = 4096


def _big_scale() -> Scale:
    """200 items with the longest titles a scale may have, in 10 sections."""
    sections = [
        Section(
            code=f"S{s}",
            title="Mục " + "x" * 490,
            criteria=[
                Criterion(code=f"{s}.{c}", title="Tiêu chí " + "y" * 490, max=Decimal(5))
                for c in range(20)
            ],
        )
        for s in range(10)
    ]
    return Scale(name="Lớn", sections=sections)


def _session(stage: Stage, page: int = 0) -> tuple[Session, int]:
    scale = _big_scale()
    bloc = Bloc(
        id=1,
        chat_id=-1,
        name="Khối",
        language="vi",
        timezone="Asia/Ho_Chi_Minh",
        created_by=1,
        created_at=NOW,
    )
    unit = Unit(id=1, bloc_id=1, code="DLK", name="Ban " + "z" * 200)
    year = Year(id=1, bloc_id=1, year=2026, status="open", opened_by=1, opened_at=NOW)
    stored = StoredScale(
        id=1, year_id=1, version=1, name="Lớn", source="x", body={}, created_by=1, created_at=NOW
    )
    scores = {
        i.criterion.code: Score(code=i.criterion.code, value=Decimal(5), note="n" * 1000)
        for i in scale.items()[::2]
    }
    assessment = Assessment(
        id=1,
        year_id=1,
        unit_id=1,
        round=Round.MIDYEAR,
        scale_id=1,
        revision=3,
        submitted_revision=3,
        submitted_total=Decimal(500),
    )
    session = Session(
        membership=Membership(bloc=bloc, unit=unit),
        year=year,
        stored=stored,
        scale=scale,
        assessment=assessment,
        scores=scores,
        submitted=scores,
        previous={},
        deadline=None,
        now=NOW,
        position=Position(unit=1, round=Round.MIDYEAR, code="0.1", stage=stage),
        admin=True,
    )
    return session, page


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("stage", list(Stage))
def test_every_screen_fits_a_message(lang: str, stage: Stage) -> None:
    tx = Catalog.load().for_lang(lang)
    for page in range(3):
        session, _ = _session(stage, page)
        text, _ = render(tx, session, page)
        assert len(plain_text(text)) <= LIMIT, (stage, page)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_unit_read_by_an_admin_and_a_long_paste_answer_fit(lang: str) -> None:
    tx = Catalog.load().for_lang(lang)
    session, _ = _session(Stage.OVERVIEW)
    log = [LogEntry(action=LogAction.REOPENED, revision=1, reason="r" * 500, by=1, at=NOW)] * 9
    found = UnitAssessment(
        bloc=session.membership.bloc,
        unit=session.unit,
        year=session.year,
        scale=session.scale,
        assessment=session.assessment,
        scores=session.scores,
        state=session.state,
        log=log,
    )
    text, _ = render_unit(tx, found, may_reopen=True)
    assert len(plain_text(text)) <= LIMIT
    stored = tuple(
        ScoreLine(line=n, code=i.criterion.code, value=Decimal("4.5"))
        for n, i in enumerate(session.scale.items(), start=1)
    )
    errors = tuple(error(Reason.UNKNOWN_ITEM, value="x" * 40).at(line=n) for n in range(300))
    received = Received(session=session, stored=stored, unchanged=0, errors=errors)
    text, _ = render_received(tx, received)
    assert len(plain_text(text)) <= LIMIT
    assert "300" in plain_text(text) or "…" in plain_text(text)


@pytest.mark.parametrize(
    ("lang", "counts", "said"),
    [
        ("vi", (3, 0, 0), "Đã nhận: lưu 3 tiêu chí."),
        ("vi", (3, 2, 0), "Đã nhận: lưu 3 tiêu chí, 2 tiêu chí không đổi."),
        ("vi", (0, 0, 2), "Không lưu điểm nào: 2 dòng không nhận được, lý do dưới đây."),
        # the unchanged lines are named too, or line 1 of "1.1 5⏎1.1 6" read as lost (defect 14)
        ("vi", (0, 3, 1), "Đã nhận: 3 tiêu chí không đổi, 1 dòng chưa nhận."),
        ("en", (0, 1, 1), "Received — 1 criterion unchanged, 1 line not taken."),
        ("vi", (0, 0, 0), "Đã nhận, nhưng không có điểm nào để lưu."),
        ("en", (3, 0, 1), "Received — 3 criteria stored, 1 line not taken."),
        ("en", (0, 4, 0), "Received — 4 criteria unchanged."),
        # QA qa-last #5d: "Received — stored: 1." read as a form
        ("en", (1, 0, 0), "Received — 1 criterion stored."),
        (
            "en",
            (2, 1, 2),
            "Received — 2 criteria stored, 1 criterion unchanged, 2 lines not taken.",
        ),
        ("en", (0, 0, 1), "Nothing was stored: 1 line was not taken; see why below."),
        ("en", (0, 0, 3), "Nothing was stored: 3 lines were not taken; see why below."),
    ],
)
def test_a_paste_answer_leaves_out_the_counts_that_are_zero(
    lang: str, counts: tuple[int, int, int], said: str
) -> None:
    tx = Catalog.load().for_lang(lang)
    session, _ = _session(Stage.OVERVIEW)
    stored_n, unchanged, refused = counts
    codes = [i.criterion.code for i in session.scale.items()]
    stored = tuple(ScoreLine(line=n, code=codes[n], value=Decimal(4)) for n in range(stored_n))
    errors = tuple(error(Reason.UNKNOWN_ITEM, value="x").at(line=n) for n in range(refused))
    received = Received(session=session, stored=stored, unchanged=unchanged, errors=errors)
    text, _ = render_received(tx, received)
    first = plain_text(text).splitlines()[0]
    assert first == said


@pytest.mark.parametrize(
    ("lang", "legend"),
    [
        ("vi", "📎 có tài liệu minh chứng · 📝 có ghi chú"),
        ("en", "📎 has evidence · 📝 has a note"),
    ],
)
def test_the_review_spaces_its_marks_and_explains_them_once(lang: str, legend: str) -> None:
    tx = Catalog.load().for_lang(lang)
    session, _ = _session(Stage.REVIEW)
    proof = Evidence(kind=EvidenceKind.NOTE, name="Báo cáo số 10")
    scores = {
        "0.0": Score(code="0.0", value=Decimal(5), note="Hoàn thành"),
        "0.1": Score(code="0.1", value=Decimal(4), note="x", evidence=(proof,)),
        "0.2": Score(code="0.2", value=Decimal(3)),
    }
    text, _ = render(tx, replace(session, scores=scores), 0)
    lines = plain_text(text).splitlines()
    assert "  0.0: 5/5 📝" in lines and "  0.1: 4/5 📎 📝" in lines and "  0.2: 3/5" in lines
    assert lines.count(legend) == 1
    plain, _ = render(tx, replace(session, scores={"0.2": scores["0.2"]}), 0)
    assert "📝" not in plain_text(plain) and "📎" not in plain_text(plain)


@pytest.mark.parametrize(
    ("lang", "bare", "with_bonus"),
    [
        (
            "vi",
            "Tổng điểm: 0 (tối đa 1000)",
            "Tổng điểm: 0 (tối đa 900, thêm điểm thưởng tối đa 5)",
        ),
        ("en", "Total: 0 (maximum 1000)", "Total: 0 (maximum 900, plus bonus up to 5)"),
    ],
)
def test_the_review_total_names_the_bonus_apart(lang: str, bare: str, with_bonus: str) -> None:
    tx = Catalog.load().for_lang(lang)
    session, _ = _session(Stage.REVIEW)
    text, _ = render(tx, replace(session, scores={}), 0)
    assert bare in plain_text(text).splitlines()
    bonus = [Criterion(code="T1", title="Thưởng", max=Decimal(5))]
    scale = Scale(name="Lớn", sections=session.scale.sections[:9], bonus=bonus)
    text, _ = render(tx, replace(session, scale=scale, scores={}), 0)
    assert with_bonus in plain_text(text).splitlines()
