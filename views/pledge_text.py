"""How a pledge reads, wherever it is shown: the review, a delegate's copy, an admin's view."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.domain.bloc import Bloc, Unit
from bot.domain.year import Pledge, Title
from bot.i18n import Texts


def title_names(ids: Iterable[int], titles: Mapping[int, Title]) -> list[str]:
    return [titles[i].name for i in ids if i in titles]


def pledge_lines(
    tx: Texts, unit: Unit, year: int, names: list[str], commitments: str | None
) -> list[str]:
    """The unit, the titles it aims for and (when shown) its commitments."""
    lines = [tx("pledge.unit_year", code=unit.code, name=unit.name, year=year)]
    lines.append(tx("pledge.titles_header"))
    lines += [tx("pledge.title_line", name=n) for n in names] or [tx("pledge.no_titles_yet")]
    if commitments is not None:
        lines += ["", tx("pledge.commitments_header")]
        lines.append(tx("pledge.commitments", text=commitments) if commitments else "—")
    return lines


def registered_lines(
    tx: Texts,
    bloc: Bloc,
    unit: Unit,
    year: int,
    pledge: Pledge | None,
    titles: Mapping[int, Title],
    *,
    commitments: bool,
) -> list[str]:
    """A unit's registered pledge (or the note that it has none), with when it was stored."""
    if pledge is None:
        return [
            tx("pledge.unit_year", code=unit.code, name=unit.name, year=year),
            "",
            tx("pledge.not_registered"),
        ]
    text = pledge.commitments if commitments else None
    lines = pledge_lines(tx, unit, year, title_names(pledge.title_ids, titles), text)
    lines += ["", tx("pledge.registered_at", when=tx.when(pledge.updated_at, bloc.timezone))]
    return lines
