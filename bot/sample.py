"""The sample bloc of the sandbox and the demo: the bundled roster, an admin and its delegates."""

from __future__ import annotations

from importlib import resources

import yaml

from bot.services import Services
from bot.usecases.users import note_user

SAMPLE_GROUP_TITLE = "Khối thi đua Tây Nguyên – Duyên hải (sandbox)"


def sample_roster() -> tuple[str, list[tuple[str, str]]]:
    """(bloc name, [(code, name)]) of the bundled roster."""
    text = resources.files("bot.data").joinpath("roster-sample.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return data["bloc"], [(u["code"], u["name"]) for u in data["units"]]


async def seed_sample_bloc(
    services: Services, chat_id: int, people: list[tuple[int, str, str, str | None]], lang: str
) -> None:
    """Create the sample bloc once; a later start finds it and everything typed since.

    `people` are (user id, first name, username, code of the unit they are a delegate of);
    the first one is the admin.
    """
    if await services.blocs.by_chat(chat_id) is not None:
        return
    now = services.clock.now()
    for user_id, first_name, username, _ in people:
        await note_user(
            services,
            user_id=user_id,
            username=username,
            first_name=first_name,
            last_name=None,
            language_code=lang,
            private=True,
        )
    name, units = sample_roster()
    admin = people[0][0]
    bloc = await services.blocs.create(
        chat_id=chat_id,
        name=name,
        language=lang,
        timezone=services.settings.bot_timezone,
        by=admin,
        now=now,
    )
    added = {code: await services.units.add(bloc.id, code, unit, now) for code, unit in units}
    for user_id, _, _, code in people:
        if code is not None:
            await services.units.add_delegate(added[code].id, user_id, by=admin, now=now)
