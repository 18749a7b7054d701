"""Score lines typed with no /assess open: told apart from other text without a scale."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.scale import Scale
from bot.domain.score_lines import looks_like_lines, looks_like_score_lines, only_score_lines
from bot.formats.scale import load_scale_yaml
from tests.domain.helpers import TEXT_CHARS, sample_scale_bytes

SAMPLE: Scale = load_scale_yaml(sample_scale_bytes())
CODES = [item.criterion.code for item in SAMPLE.items()]


@pytest.mark.parametrize(
    "text",
    [
        "1.1 10 Đã hoàn thành",
        "1,2\t8,5\tĐã hoàn thành",  # from a spreadsheet set to Vietnamese
        "\n  T1 2\n1.3 7",  # blank lines first, then a bonus item
        "1.2: 8.5",
        "d1 -1 Chậm nộp báo cáo",
    ],
)
def test_score_lines(text: str) -> None:
    assert looks_like_score_lines(text)


@pytest.mark.parametrize(
    "text",
    ["xin chào", "Xin 5 phút", "8,5", "1.1", "1.1 mười điểm", "", "I 10", "1.1.1.1.1.1.1.1.1 5"],
)
def test_other_text(text: str) -> None:
    assert not looks_like_score_lines(text)


@given(
    code=st.sampled_from(CODES),
    number=st.decimals(min_value=-100, max_value=100, places=1),
    note=st.text(TEXT_CHARS, max_size=30),
    comma=st.booleans(),
)
def test_every_line_the_scale_takes_is_recognised_without_it(
    code: str, number: object, note: str, comma: bool
) -> None:
    """What `/assess` would take as pasted lines is never answered as if it were chit-chat."""
    value = str(number).replace(".", ",") if comma else str(number)
    text = f"{code} {value} {note}"
    if looks_like_lines(SAMPLE, text):
        assert looks_like_score_lines(text)


@pytest.mark.parametrize(
    "text",
    [
        "1.3 4 Đã tổ chức 2 hội nghị",
        "1.1 10\n\n1,2 8,5 Thu hút 12 dự án",
        "T1 2 Sáng kiến\nD1 -1",
    ],
)
def test_score_lines_pasted_as_commitments(text: str) -> None:
    assert only_score_lines(SAMPLE, text)


@pytest.mark.parametrize(
    "text",
    [
        "Thu hút 3 dự án",
        "1. Hoàn thành 100% kế hoạch",
        "1.1 Thu hút đầu tư",
        "1.1 3 dự án FDI\nPhần 2: không để xảy ra sai phạm",  # one line is a commitment
        "9.9 4 hội nghị",  # shaped like a code, not one of the scale's
        "2026 5 dự án",
        "I 10 Công tác chung",  # a section's code, not a scored item
        "",
        "\n  \n",
    ],
)
def test_commitments_that_merely_hold_numbers_are_not_score_lines(text: str) -> None:
    assert not only_score_lines(SAMPLE, text)


@given(lines=st.lists(st.text(TEXT_CHARS, max_size=40), min_size=1, max_size=5))
def test_only_score_lines_means_every_line_is_recognised(lines: list[str]) -> None:
    """Whatever the pledge refuses as score lines, /assess would take as pasted lines too."""
    text = "\n".join(lines)
    if only_score_lines(SAMPLE, text):
        assert all(looks_like_lines(SAMPLE, line) for line in lines if line.strip())
