"""What the bot says when a private message goes to no step: a file or photo while the step
waits for text, or anything with no flow under way (score lines, a paused flow).

The hint names the flow in words and repeats what its step asks, so a delegate who sent the
commitments as a photo's caption learns where the text goes instead of being pointed at an
admin's command.
"""

from __future__ import annotations

from bot.i18n import Html, Texts
from bot.registry import Screen


def render_off_step(tx: Texts, flow: str, prompt: str | None, *, caption: bool) -> Html:
    """The flow's step takes text only: say so, that a caption was not kept, what it asks."""
    lines = [tx("flows.text_only", flow=tx(f"flows.name_{flow}"))]
    if caption:
        lines.append(tx("flows.caption_not_saved"))
    lines.append(tx(prompt) if prompt else tx("flows.go_on"))
    return Html("\n\n".join(lines))


def render_no_flow(
    tx: Texts,
    *,
    documents: bool,
    score_lines: bool,
    paused: list[tuple[str, str]],
    back: tuple[str, Screen] | None = None,
) -> Screen:
    """No flow under way: where score lines go, else the general hint; every flow the person
    left, with the command that carries it on (`paused`: (flow, command), the latest first),
    and the latest one no command carries on that offers its button back (`back`: (flow, its
    sentence and button), `Flow.back`)."""
    if score_lines:
        lines = [tx("flows.score_lines")]
    else:
        lines = [tx("core.no_flow_document" if documents else "core.no_flow")]
    named = [tx("flows.paused", flow=tx(f"flows.name_{f}"), command=c) for f, c in paused]
    if back is not None:
        flow, way = back
        named.append(tx("flows.paused_below", flow=tx(f"flows.name_{flow}"), how=way.text))
    if named:
        lines.append("\n".join(named))
    return Screen(Html("\n\n".join(lines)), back[1].keyboard if back is not None else None)


def render_carry_on(
    tx: Texts, key: str, which: str, command: str | None, back: Screen | None, **params: object
) -> Screen:
    """How a paused draft of the flow `which` is carried on, in the words of `key` (/cancel's,
    /start's, or the notice of a flow opened over it): its command; else the button back the
    flow offers (`<key>_below`, its sentence and button, no draft said to be kept where the
    flow keeps none); else the button that opened it (`<key>_button`). The flow's name is
    said in the last two, and in the first when `params` give it (`flow`)."""
    if command:
        return Screen(tx(key, command=command, **params))
    params.setdefault("flow", tx(f"flows.name_{which}"))
    if back is not None:
        return Screen(tx(f"{key}_below", how=back.text, **params), back.keyboard)
    return Screen(tx(f"{key}_button", **params))
