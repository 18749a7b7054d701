"""/setup's settings of a bloc as text. Pure: no I/O."""

from __future__ import annotations

from bot.i18n import Texts
from bot.usecases.blocs import BlocSettings


def render_settings(tx: Texts, found: BlocSettings) -> str:
    bloc = found.bloc
    return tx(
        "setup.settings",
        name=bloc.name,
        language=tx(f"setup.language_{bloc.language}"),
        timezone=tx.zone(bloc.timezone),
        units=found.units,
        delegates=found.delegates,
        admins=", ".join(p.display_name for p in found.admins),
        date=tx.date(bloc.created_at, bloc.timezone),
    )
