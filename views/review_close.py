"""The close confirmation's warnings (`bot.usecases.review_close`): whom the close stops from
submitting, and how to let them again. Pure: text only."""

from __future__ import annotations

from bot.i18n import Html, Texts
from bot.usecases.review_close import Left
from bot.usecases.review_session import Session
from views.review import round_name


def with_left(tx: Texts, text: Html, left: Left, session: Session) -> Html:
    """`text` (the close question) with a ⚠️ line for each kind of unit the close would stop,
    then the way back (the review reopened); unchanged when it stops nobody."""
    year, round_ = session.year.year, session.round
    name = round_name(tx, round_)
    lines = []
    if left.due is not None:
        when = tx.when(left.due, session.bloc.timezone)
        lines.append(tx("review.close_left_due", round=name, year=year, when=when))
    elif left.open_ended:
        lines.append(tx("review.close_left_open_ended", round=name, year=year))
    for kind, codes in (("unsent", left.unsent), ("reopened", left.reopened)):
        if codes:
            count = len(codes)
            lines.append(tx.plural(f"review.close_left_{kind}", count, count=count,
                                   codes=", ".join(codes)))  # fmt: skip
    if not lines:
        return text
    lines.append(tx("review.close_left_after", value=round_.value))
    return Html("\n\n".join([text, "\n".join(lines)]))
