"""The scale's summary as people read it in English: the counts say their noun after the
number, in the singular for one (QA qa-last #5: "(criteria: 6)", "more sections: 1")."""

from __future__ import annotations

import re

import pytest

from bot.domain.scale import Scale
from bot.i18n import Catalog, plain_text
from views.scale import summary


def _scale(sections: int, per_section: int = 1) -> Scale:
    """Sections with titles long enough that a proposal lists only a few of them."""
    return Scale.model_validate(
        {
            "name": "Wide",
            "sections": [
                {
                    "code": f"S{s}",
                    "title": "Section " * 60,
                    "criteria": [
                        {"code": f"S{s}.{c}", "title": "Criterion", "max": 1}
                        for c in range(per_section)
                    ],
                }
                for s in range(sections)
            ],
        }
    )


def _shown(lines: list[str]) -> int:
    """How many section lines the summary shows ("S0. Section … — 1 point …")."""
    return sum(1 for line in lines if re.match(r"S\d+\. ", line))


@pytest.mark.parametrize("hidden", [1, 2])
def test_a_long_proposal_says_how_many_more_sections_in_english(hidden: int) -> None:
    tx = Catalog.load().for_lang("en")
    for total in range(2, 50):
        lines = [plain_text(line) for line in summary(tx, _scale(total))]
        if total - _shown(lines) == hidden:
            break
    noun = "section" if hidden == 1 else "sections"
    assert lines[-2] == f"… and {hidden} more {noun}"
    assert lines[-1] == f"Standard total: {total} points ({total} criteria)"
    # a section of one criterion worth one point says both in the singular
    assert lines[0].endswith(" — 1 point (1 criterion)")


def test_a_scale_of_one_point_says_it_in_the_singular() -> None:
    tx = Catalog.load().for_lang("en")
    assert plain_text(summary(tx, _scale(1))[-1]) == "Standard total: 1 point (1 criterion)"


def test_the_vietnamese_summary_reads_as_before() -> None:
    tx = Catalog.load().for_lang("vi")
    lines = [plain_text(line) for line in summary(tx, _scale(50, per_section=2))]
    assert lines[0].endswith("— 2 điểm (2 tiêu chí)")
    assert any(line.startswith("… và ") and line.endswith(" mục khác") for line in lines)
    assert lines[-1] == "Tổng điểm chuẩn: 100 điểm (100 tiêu chí)"
