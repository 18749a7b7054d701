"""A proposed scale's changes as lines of its confirmation, cut to the room the message has.

Pure rendering of `bot.domain.scale_diff`: one line per section or item added, removed or
changed (a changed item lists what changed: its maximum, its step, its section…), titles
shortened, then "… and N more changes" when the message would grow past its room. Lengths are
counted as Telegram counts them (UTF-16 code units of the text without tags).
"""

from __future__ import annotations

from bot.domain.scale_diff import Change, FieldChange
from bot.i18n import Html, Texts, telegram_length

#: Characters of an item's title shown in a change line.
TITLE_CHARS = 60


def _number(tx: Texts, value: str | None) -> str:
    text = value or ""
    return text.replace(".", ",") if tx.lang == "vi" else text


def _field(tx: Texts, change: FieldChange) -> str:
    if change.field == "evidence":
        return tx("scale.change_field_evidence_" + ("yes" if change.new == "yes" else "no"))
    if change.field in ("max", "step"):
        old, new = _number(tx, change.old), _number(tx, change.new)
        return tx(f"scale.change_field_{change.field}", old=old, new=new)
    if change.field == "section":
        return tx("scale.change_field_section", old=change.old, new=change.new)
    return tx(f"scale.change_field_{change.field}")


def change_line(tx: Texts, change: Change) -> Html:
    title = change.title if len(change.title) <= TITLE_CHARS else change.title[:59] + "…"
    kind = tx(f"scale.change_kind_{change.kind}")
    if change.what == "changed":
        fields = Html(", ".join(_field(tx, f) for f in change.fields))
        return tx("scale.change_changed", kind=kind, code=change.code, fields=fields)
    if change.what == "added" and change.max is not None:
        points = _number(tx, change.max)
        return tx("scale.change_added_points", kind=kind, code=change.code, max=points, title=title)
    return tx(f"scale.change_{change.what}", kind=kind, code=change.code, title=title)


def change_lines(tx: Texts, changes: list[Change], version: int, room: int) -> list[str]:
    """The header and as many change lines as fit in `room` (Telegram's length)."""
    header = tx("scale.changes_header", version=version, count=len(changes))
    if not changes:
        return [header, tx("scale.changes_none")]
    lines = [header]
    used = telegram_length(header) + 1
    more = tx("scale.changes_more", count=len(changes))
    for shown, change in enumerate(changes):
        line = change_line(tx, change)
        rest = len(changes) - shown - 1
        reserve = telegram_length(more) + 1 if rest else 0
        if used + telegram_length(line) + 1 + reserve > room:
            lines.append(
                tx.plural("scale.changes_more", len(changes) - shown, count=len(changes) - shown)
            )
            break
        lines.append(line)
        used += telegram_length(line) + 1
    return lines
