"""Every pydantic model of the bot builds its validator when first used (`defer_build`):
building them all at import held about 0.8 MiB of the idle bot (see `bot.domain.bloc.Record`).
"""

from __future__ import annotations

import importlib
import pkgutil

from pydantic import BaseModel
from pydantic_settings import BaseSettings

PACKAGES = ("bot", "handlers", "storage", "views")
#: Not the bot: the emulator, the demo and the benchmark run beside it.
ASIDE = ("bot.emulator", "bot.demo", "bot.bench")


def _subclasses(cls: type) -> list[type]:
    return [s for c in cls.__subclasses__() for s in (c, *_subclasses(c))]


def test_every_model_of_the_bot_is_built_when_first_used() -> None:
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            if not info.name.startswith(ASIDE):
                importlib.import_module(info.name)
    models = [
        m
        for m in _subclasses(BaseModel)
        if m.__module__.startswith(PACKAGES)
        and not m.__module__.startswith(ASIDE)
        and not issubclass(m, BaseSettings)
    ]
    assert len(models) > 50
    eager = sorted(
        f"{m.__module__}.{m.__qualname__}" for m in models if not m.model_config.get("defer_build")
    )
    assert eager == []
