"""`/election rules`: the bloc's voting rules (its quy chế), one line each, and a button per
rule that moves it to its next choice. Pure: text and keyboard."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.callback_data import button
from bot.domain.ballots import RULE_NAMES, ElectionRules, Share
from bot.domain.bloc import Bloc
from bot.i18n import Html, Texts
from views.election_text import share_phrase
from views.keyboards import Btn, grid, keyboard

KIND = "election"


@button(KIND, "rule")
class ChangeRule:
    """Move one voting rule (its place in `RULE_NAMES`) to its next choice."""

    rule: int


def _value(tx: Texts, value: object) -> str:
    if isinstance(value, Share):
        return share_phrase(tx, value)
    if isinstance(value, bool):
        return tx("election.rules_yes" if value else "election.rules_no")
    if value in ("voted", "roll"):
        return tx(f"election.rules_base_{value}")
    return tx.number(value) if isinstance(value, int) else str(value)


def render_rules(tx: Texts, bloc: Bloc, rules: ElectionRules) -> tuple[Html, InlineKeyboardMarkup]:
    """Every rule with its value, the note that a change applies to votes opened later, and a
    button per rule."""
    lines = [tx("election.rules_title", bloc=bloc.name), ""]
    base = _value(tx, rules.approval_base)  # the bình xét's share is of it: said with it
    lines += [
        tx(f"election.rule_{name}", value=_value(tx, getattr(rules, name)), base=base)
        for name in RULE_NAMES
    ]
    lines += ["", tx("election.rules_note")]
    buttons = [
        Btn(tx(f"election.btn_rule_{name}"), ChangeRule(i)) for i, name in enumerate(RULE_NAMES)
    ]
    markup = keyboard(grid(buttons, 2))
    assert markup is not None
    return Html("\n".join(lines)), markup
