"""The bloc's voting rules (its quy chế), which an admin sets with `/election rules`.

Why settings and not constants: the thresholds come from each bloc's own regulations. A vote
keeps the rules it was opened under (`Election.rules`), so a change applies to the votes
opened after it and never to a count under way.
"""

from __future__ import annotations

from bot import rights
from bot.actor import Actor
from bot.domain.ballots import RULE_NAMES, ElectionRules, next_rule
from bot.domain.bloc import Bloc
from bot.errors import Conflict
from bot.services import Services


async def rules_here(services: Services, actor: Actor) -> tuple[Bloc, ElectionRules]:
    """`/election rules` in the group: the bloc's rules, for one of its admins."""
    bloc = await rights.admin_bloc_here(services, actor)
    return bloc, await services.elections.rules(bloc.id)


async def change_rule(services: Services, actor: Actor, rule: int) -> tuple[Bloc, ElectionRules]:
    """A press on a rule: its next choice, stored (rights and the rule re-checked)."""
    bloc = await rights.admin_bloc_here(services, actor)
    if not 0 <= rule < len(RULE_NAMES):
        raise Conflict("core.stale_button")
    async with services.db.transaction():
        rules = next_rule(await services.elections.rules(bloc.id), RULE_NAMES[rule])
        now = services.clock.now()
        await services.elections.set_rules(bloc.id, rules, by=actor.user_id, now=now)
    return bloc, rules
