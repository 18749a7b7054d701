"""English counts say the number before its noun, singular for one, where a "(noun: N)" label
read as a form (QA qa-last #5): each text as the view builds it, for one and for several."""

from __future__ import annotations

from bot.i18n import Catalog, plain_text

EN = Catalog.load().for_lang("en")
VI = Catalog.load().for_lang("vi")


def _both(key: str, **params: object) -> tuple[str, str]:
    """The English text for a count of 1 and of 3 (`count` and every param given)."""
    return tuple(  # type: ignore[return-value]
        plain_text(EN.plural(key, n, **{"count": n, **params})) for n in (1, 3)
    )


def test_a_review_line_counts_its_changes() -> None:
    assert _both("review.list_changes") == (" (1 change)", " (3 changes)")
    assert VI.plural("review.list_changes", 1, count=1) == " (1 điều chỉnh)"
