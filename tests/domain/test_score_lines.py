"""Pasted score lines: each good line taken, each bad one refused with its line and reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.errors import FieldError, Reason
from bot.domain.scale import Scale
from bot.domain.score_lines import (
    MAX_LINE_CHARS,
    looks_like_lines,
    parse_lines,
    shaped_like_code,
)
from bot.formats.scale import load_scale_yaml
from tests.conftest import examples
from tests.domain.helpers import TEXT_CHARS, sample_scale_bytes, scales


@pytest.fixture(scope="module")
def sample() -> Scale:
    return load_scale_yaml(sample_scale_bytes())


def _where(errors: tuple[FieldError, ...]) -> list[tuple[int | None, str]]:
    return [(e.line, e.reason) for e in errors]


def test_a_code_with_a_decimal_comma_is_the_criterion_with_the_dot(sample: Scale) -> None:
    """Pasted from a spreadsheet set to Vietnamese, where the code 1.2 shows as 1,2."""
    text = "1,2\t8,5\tĐã hoàn thành\n1,3 7"
    assert looks_like_lines(sample, text)
    pasted = parse_lines(sample, text)
    assert [(t.code, str(t.value), t.note) for t in pasted.taken] == [
        ("1.2", "8.5", "Đã hoàn thành"),
        ("1.3", "7", None),
    ]
    assert pasted.errors == ()


def test_a_paste_of_good_and_bad_lines(sample: Scale) -> None:
    text = "\n".join(
        [
            "1.1 9,5 Đã hoàn thành 100% kế hoạch",
            "",
            "1.2 8.5",
            "9.9 5",
            "1.3 abc",
            "1.4 7.5",
            "1.5 7,25",
            "1.1 8",
            "t1: 2   thêm   khoảng trắng ",
            "2.1",
            "1.6 -1",
        ]
    )
    pasted = parse_lines(sample, text)
    assert [(t.line, t.code, str(t.value), t.note) for t in pasted.taken] == [
        (1, "1.1", "9.5", "Đã hoàn thành 100% kế hoạch"),
        (3, "1.2", "8.5", None),
        (9, "T1", "2", "thêm   khoảng trắng"),
    ]
    assert _where(pasted.errors) == [
        (4, Reason.UNKNOWN_ITEM),
        (5, Reason.NOT_A_NUMBER),
        (6, Reason.OUT_OF_RANGE),
        (7, Reason.NOT_IN_STEP),
        (8, Reason.REPEATED_ITEM),
        (10, Reason.NO_SCORE),
        (11, Reason.OUT_OF_RANGE),
    ]
    assert pasted.errors[0].params == {"value": "9.9"}
    assert pasted.errors[2].item == "1.4" and pasted.errors[2].params == {"max": "7"}


def test_a_line_over_telegrams_limit_is_refused(sample: Scale) -> None:
    long_note = "x" * MAX_LINE_CHARS
    pasted = parse_lines(sample, f"1.1 9\n1.2 8 {long_note}")
    assert [t.code for t in pasted.taken] == ["1.1"]
    assert _where(pasted.errors) == [(2, Reason.TOO_LONG)]
    assert pasted.errors[0].params == {"max": str(MAX_LINE_CHARS)}


def test_a_note_over_its_limit_is_refused(sample: Scale) -> None:
    pasted = parse_lines(sample, "1.1 9 " + "y" * 1001)
    assert _where(pasted.errors) == [(1, Reason.TOO_LONG)] and not pasted.taken


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2 8,5", True),
        ("\n  1.2 8.5 note\nmore", True),
        ("t1 2", True),
        ("8,5", False),
        ("Đã hoàn thành kế hoạch", False),
        # one of the scale's codes then anything: a score typed wrong, refused line by line
        ("1.2 tốt", True),
        ("2.2 abc", True),
        ("2,2: chưa có", True),
        ("t1 một điểm", True),
        ("", False),
        # a criterion the scale lacks, written like its codes: a score line, refused as such
        ("2.9 3", True),
        ("2,9 3", True),
        ("12.40: 5 ghi chú", True),
        ("T9 1", True),
        # notes that start with a number or a code-like word stay notes
        ("1,5 tỷ đồng vốn đầu tư", True),  # 1.5 is a criterion: refused, kept on request
        ("2,5 tỷ đồng vốn đầu tư", False),
        ("2 hội nghị đã tổ chức", False),
        ("15/6 đã nộp báo cáo", False),
        ("1.2", False),
        ("1.2.3 dự án", False),
        ("Đã hoàn thành 100% kế hoạch", False),
        ("2026 3 dự án mới", False),
        ("2.9.1 3", False),
        ("Thu 12 dự án", False),
        ("100% 5", False),
        # a greeting or a spreadsheet's header row first: the score lines below still count
        ("Kính gửi Khối\n2.2 4,5 Có 2 điển hình", True),
        ("Mã\tĐiểm\tGhi chú\n4.3\t2,5\tđóng góp đủ\nT2\t1", True),
        ("Dear bloc, our scores:\n\n1.2 8.5 Three new projects", True),
        # a later line needs its number: a code named in passing leaves a note a note
        ("Đã tổ chức hội nghị\nT1 như đã nêu", False),
        ("Thu hút vốn\n2,5 tỷ đồng", False),
    ],
)
def test_what_counts_as_a_paste(sample: Scale, text: str, expected: bool) -> None:
    assert looks_like_lines(sample, text) is expected


@st.composite
def good_pastes(draw: st.DrawFn) -> tuple[Scale, list[tuple[str, Decimal, str | None]], str]:
    scale = draw(scales())
    items = draw(st.permutations(scale.items()))
    chosen = items[: draw(st.integers(1, len(items)))]
    expected: list[tuple[str, Decimal, str | None]] = []
    lines: list[str] = []
    for item in chosen:
        c = item.criterion
        value = c.step * draw(st.integers(0, int(c.max / c.step)))
        typed = format(value, "f")
        if draw(st.booleans()):
            typed = typed.replace(".", ",")
        note = draw(st.none() | st.text(TEXT_CHARS, max_size=30))
        note = " ".join(note.split()) if note else None  # one line: a note has no line break
        note = note or None
        code = c.code.upper() if draw(st.booleans()) else c.code
        sep = draw(st.sampled_from([" ", "\t", "   "]))
        lines.append(sep.join(p for p in (code, typed, note) if p))
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "   ", "\t"])))
        expected.append((c.code, value, " ".join(note.split()) if note else None))
    return scale, expected, "\n".join(lines)


@settings(max_examples=examples(120), deadline=None)
@given(good_pastes())
def test_every_good_line_is_taken_exactly(paste: tuple) -> None:
    scale, expected, text = paste
    pasted = parse_lines(scale, text)
    assert pasted.errors == ()
    got = [(t.code, t.value, " ".join(t.note.split()) if t.note else None) for t in pasted.taken]
    assert got == expected
    assert looks_like_lines(scale, text)


@settings(max_examples=examples(200), deadline=None)
@given(scales(), st.lists(st.text(TEXT_CHARS, max_size=40), max_size=12))
def test_any_text_is_answered_line_by_line(scale: Scale, lines: list[str]) -> None:
    text = "\n".join(line.replace("\n", " ") for line in lines)
    pasted = parse_lines(scale, text)
    numbered = {e.line for e in pasted.errors} | {t.line for t in pasted.taken}
    assert len(numbered) == len(pasted.errors) + len(pasted.taken)  # one answer per line
    non_blank = {n for n, line in enumerate(text.split("\n"), start=1) if line.strip()}
    assert numbered == non_blank
    for taken in pasted.taken:
        item = scale.find(taken.code)
        assert item is not None and 0 <= taken.value <= item.criterion.max
        assert taken.value % item.criterion.step == 0


def test_a_line_of_a_criterion_the_scale_lacks_is_refused_as_such(sample: Scale) -> None:
    pasted = parse_lines(sample, "2,9 3")
    assert _where(pasted.errors) == [(1, Reason.UNKNOWN_ITEM)] and not pasted.taken
    assert pasted.errors[0].params == {"value": "2,9"}


_OTHER_DIGIT = st.sampled_from("0123456789")


@settings(max_examples=examples(150), deadline=None)
@given(scales(), st.data())
def test_a_code_with_other_digits_is_shaped_like_the_scale_s(scale: Scale, data: st.DataObject):
    """Every code of the scale, its digits changed, is still written like a criterion code."""
    codes = [item.criterion.code for item in scale.items()]
    code = data.draw(st.sampled_from(codes))
    changed = "".join(data.draw(_OTHER_DIGIT) if c.isdigit() else c for c in code)
    assert shaped_like_code(scale, code) and shaped_like_code(scale, code.upper())
    assert shaped_like_code(scale, changed) is (
        any(c.isdigit() for c in code) or scale.find(changed) is not None
    )


@settings(max_examples=examples(150), deadline=None)
@given(scales(), st.text(TEXT_CHARS, max_size=30), st.text(TEXT_CHARS, max_size=30))
def test_a_first_word_without_a_digit_starts_a_note(scale: Scale, word: str, rest: str) -> None:
    """Unless it is one of the scale's codes, a first word with no digit is never a code."""
    head = "".join(c for c in word if not c.isdigit() and not c.isspace()) or "x"
    text = f"{head} 5 {rest}"
    assert looks_like_lines(scale, text) is (scale.find(head.rstrip(":")) is not None)


def test_a_code_written_as_a_count_is_read_as_the_start_of_a_note() -> None:
    """Where the scale numbers its criteria 1, 2, 3, "2 hội nghị" is a note; "2 8" a score."""
    scale = load_scale_yaml(
        b"name: S\nsections:\n  - code: I\n    title: A\n    criteria:\n"
        b"      - {code: '1', title: B, max: 10}\n      - {code: '2', title: C, max: 10}\n"
    )
    assert not looks_like_lines(scale, "2 hội nghị đã tổ chức")
    assert looks_like_lines(scale, "2 8 hai hội nghị")
    assert looks_like_lines(scale, "3 8")  # a criterion the scale lacks, refused as such


@settings(max_examples=examples(150), deadline=None)
@given(scales(), st.data())
def test_a_line_that_starts_with_an_item_s_code_is_a_score_line(
    scale: Scale, data: st.DataObject
) -> None:
    """Whatever follows one of the scale's codes (not a bare count), the line is answered as a
    score line: stored when it is one, else refused with its line number, never a note."""
    code = data.draw(st.sampled_from([i.criterion.code for i in scale.items()]))
    # (a lambda, not `filter(str.split)`: hypothesis let "\t" through that one)
    rest = data.draw(st.text(TEXT_CHARS, min_size=1, max_size=30).filter(lambda t: t.split()))
    text = f"{code} {' '.join(rest.split())}"
    assert looks_like_lines(scale, text) or code.isdigit()
    pasted = parse_lines(scale, text)
    assert len(pasted.taken) + len(pasted.errors) == 1
    assert all(e.line == 1 for e in pasted.errors)


def test_a_line_not_written_like_a_score_line_is_named_as_such(sample: Scale) -> None:
    """Prose, an emoji or a header row is not "a criterion the scale lacks" (QA defect 6)."""
    pasted = parse_lines(sample, "Kính gửi Khối\n2.2 4,5\n😀\nMã\tĐiểm\n2.9 3\nX9 1")
    assert [t.code for t in pasted.taken] == ["2.2"]
    assert _where(pasted.errors) == [
        (1, Reason.NOT_A_LINE),
        (3, Reason.NOT_A_LINE),
        (4, Reason.NOT_A_LINE),
        (5, Reason.UNKNOWN_ITEM),
        (6, Reason.UNKNOWN_ITEM),  # written like T1: a bonus item the scale lacks
    ]


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("Báo cáo: 2.4 3", "2.4 3"),
        ("Kính gửi Khối, điểm 1,2: 8,5", "1,2 8,5"),
        ("Thu 12 dự án", None),  # no code of the scale: prose, as before
        ("Như T1 đã nêu", None),  # a code named in passing, no number after it
    ],
)
def test_a_score_line_after_words_is_refused_with_the_form(
    sample: Scale, text: str, example: str | None
) -> None:
    """No score is guessed out of prose; the line is named with the form to use."""
    pasted = parse_lines(sample, text)
    assert pasted.taken == ()
    [refused] = pasted.errors
    if example is None:
        assert refused.reason == Reason.NOT_A_LINE
        return
    assert looks_like_lines(sample, text)
    assert refused.reason == Reason.CODE_NOT_FIRST and refused.line == 1
    assert refused.params == {"text": text, "example": example}
