"""Screens that show people's own text fit one Telegram message by construction.

A unit name of 200 characters, ten titles of 80 and commitments of 3,000 (more in UTF-16 when
they hold emoji) can pass Telegram's 4096: the message would be refused and the person would
see nothing. `fit_lines` joins a screen's lines and, when they are too long, shortens the
longest one (the user's text) so the whole fits, with a mark saying how much was left out;
`bot.textfit.clip_html` cuts without breaking a tag or an entity. Lengths are counted as
Telegram counts them (`bot.i18n.telegram_length`: UTF-16 code units of the visible text).
"""

from __future__ import annotations

from bot.constants import MESSAGE_MAX_CHARS
from bot.i18n import Count, Html, Texts, telegram_length
from bot.textfit import clip_html


def fit_lines(tx: Texts, lines: list[str], limit: int = MESSAGE_MAX_CHARS) -> Html:
    """The lines joined; if Telegram would refuse them, the longest shortened with
    `fit.shortened` (and, if that is not enough, the end of the whole cut the same way)."""
    text = "\n".join(lines)
    if telegram_length(text) <= limit:
        return Html(text)
    longest = max(range(len(lines)), key=lambda i: telegram_length(lines[i]))
    probe = tx("fit.shortened", count=Count(999_999))
    room = limit - (telegram_length(text) - telegram_length(lines[longest]))
    room -= telegram_length(probe) + 1
    if room > 0:
        kept, dropped = clip_html(lines[longest], room)
        shortened = [*lines]
        shortened[longest] = kept + "\n" + tx("fit.shortened", count=Count(dropped))
        text = "\n".join(shortened)
        if telegram_length(text) <= limit:
            return Html(text)
    kept, dropped = clip_html(text, limit - telegram_length(probe) - 1)
    return Html(kept + "\n" + tx("fit.shortened", count=Count(dropped)))
