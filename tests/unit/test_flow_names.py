"""Every flow has a name in words and every step's request exists: the hints of
`handlers.flow_router` name the flow and repeat the step's request in both languages."""

from __future__ import annotations

import pytest

from bot.app import features
from bot.i18n import Catalog
from bot.registry import Registry

registry = Registry(features())
catalog = Catalog.load()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_flow_is_named_and_its_prompts_exist(lang: str) -> None:
    keys = catalog.keys(lang)
    assert {f"flows.name_{name}" for name in registry.flows} - keys == set()
    prompts = {key for flow in registry.flows.values() for key in flow.prompts.values()}
    assert prompts - keys == set()


def test_a_flow_is_resumed_by_its_private_command_only() -> None:
    assert registry.resumes("pledge") == "pledge" and registry.resumes("assess") == "assess"
    assert registry.resumes("review") is None  # in private /review reads the unit's own review
    assert registry.resumes("review_answer") is None  # started by a button
