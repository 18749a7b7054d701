"""One registry per Application: every feature declares, in one `Feature`, what it plugs in.

Built by `bot.app.build_application` from the ordered feature list, validated once (a command,
a button, a flow step or a phase part claimed twice is a start-up error, so the order of the
list never decides behaviour), stored in `BotData.registry` and `Services.registry`, and
installed into PTB by `handlers.dispatch`. Nothing here is module-level state: two
Applications in one process (the tests run many) never share a hook.

What a feature can declare (all optional):

- `commands`: `Command(name, callback, where)`; the name must also be in `bot.menus.COMMANDS`
  (menus, /help and the wrong-chat answers come from there).
- `buttons`: `{ButtonClass: callback}`; `ButtonClass` is a `@callback_data.button(kind, name)`
  dataclass; the one dispatcher decodes a press into it and calls `callback(update, context,
  pressed)`; anything it cannot decode, or pressed in another chat than the button's `where`
  (group by default), gets the polite "out of date" alert.
- `flows`: `Flow(name, draft, text={step: callback}, documents={step: callback})`; private text
  (or an uncaptioned file) goes to the step the user's active flow is at, keyed by (flow, step).
  `prompts={step: catalog key}` is what a step asks for, said again with the flow's name
  (`flows.name_<flow>`) when a file or photo comes to a step that takes none.
  `draft` is the pydantic model of the flow's stored data, validated when loaded
  (`bot.usecases.flows.load`); a draft that no longer validates is reported and kept.
  `back` (flows a button opens, which no command carries on): the button back to a paused
  draft, offered where the pause is said (`Registry.way_back`).
- `status`: `{phase: part}`, what `/status` shows during that phase (one feature per phase).
- `summary`: `{phase: part}`, that feature's part of `/summary` for a phase (several may add).
  Parts are pure reads: `async part(services, actor, bloc, year, texts) -> Screen`.
- `scale_guard`: what a scale replacement must ask the feature: how many submitted items
  depend on the scale (shown in the confirmation) and re-opening them in the same transaction.
- `opens`: `{phase: button class}`, the button (built from a unit id) that opens the phase's
  flow for that unit in a private chat: a reminder (nudge) carries it.
- `pending`: `{phase: provider}`, the units that have not yet done what the phase asks
  (`async provider(services, bloc, year) -> list[Unit]`), for reminders (nudges).
- `awaiting`: `{phase: provider}`, what each pending unit has yet to do, named in its private
  reminder (`async provider(services, bloc, year) -> {unit id: render(texts) -> Html}`): the
  votes, the open ones the unit has not cast (a phase without it: the phase's words alone).
- `counted`: `{phase: provider}`, for the line after a deadline when the phase's `pending`
  alone would not tell it (`async provider(services, bloc, year, deadline) -> (units
  expected, units that did not act)`): the votes, which close at the deadline, so nobody is
  pending any more, and whose roll is not every unit.
- `changed`: `{phase: provider}`, the units that did act but changed it since without sending
  it again (`async provider(services, bloc, year) -> list[ChangedUnit]`, each with who holds
  the changes: the unit's delegates, or only those whose own draft it is): reminded privately
  in words of their own, never counted as pending (a submitted assessment edited after
  submission, a registered pledge a delegate changed in their draft without ✅).
- `closing`: its buttons' screens hold only while the state does (a ballot, whose buttons
  carry the choice so far): a press refused because the state moved on (a Conflict or
  NotFound: the vote closed, the unit's ballot cast) turns the pressed screen into the
  refusal, without buttons (`handlers.reply.closing`), and /cancel closes the screens the
  feature holds (`handlers.live_screens`).
- `startup`: `async task(app)` run in `post_init` once the services exist (e.g. rebuilding the
  jobs of deadlines from the database).
- `handlers`: `Raw(handler, group)`, PTB handlers for what is neither a command nor a button
  (files with a caption, service messages, a deep-link /start); installed before the
  commands, in feature order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from bot.callback_data import Button, Where, table_of
from bot.domain.calendar import Phase

if TYPE_CHECKING:
    from pydantic import BaseModel
    from telegram import InlineKeyboardMarkup, Update
    from telegram.ext import BaseHandler

    from bot.actor import Actor
    from bot.context import BotContext
    from bot.domain.bloc import Bloc, Unit
    from bot.domain.nudge_times import ChangedUnit
    from bot.domain.year import Year
    from bot.i18n import Html, Texts
    from bot.services import Services
    from storage.flows import FlowState


Callback = Callable[["Update", "BotContext"], Awaitable[None]]
#: A button's callback gets the decoded, typed press as its third argument.
ButtonCallback = Callable[["Update", "BotContext", Any], Awaitable[None]]


@dataclass(frozen=True)
class Screen:
    """Pure rendering's result: the text and its keyboard (None: no buttons)."""

    text: Html | str
    keyboard: InlineKeyboardMarkup | None = None


#: `/status` or `/summary` part of a phase: a read, rights checked by the part's use case.
PhasePart = Callable[["Services", "Actor", "Bloc", "Year", "Texts"], Awaitable[Screen]]
#: The units that have not yet done what a phase asks of them.
PendingUnits = Callable[["Services", "Bloc", "Year"], Awaitable[list["Unit"]]]
#: What each pending unit has yet to do in a phase, in the reader's words (unit id -> render).
AwaitingWork = Callable[
    ["Services", "Bloc", "Year"], Awaitable[Mapping[int, Callable[["Texts"], "Html"]]]
]
#: The units that acted, then changed it without sending it again, with who holds the changes.
ChangedUnits = Callable[["Services", "Bloc", "Year"], Awaitable[list["ChangedUnit"]]]
#: At a phase's deadline: the units it expected to act, and those of them that did not.
CountedUnits = Callable[
    ["Services", "Bloc", "Year", datetime], Awaitable[tuple[list["Unit"], list["Unit"]]]
]
StartupTask = Callable[[Any], Awaitable[None]]
#: Whether a flow's stored draft can still be carried on (its round still open...).
FlowAlive = Callable[["Services", "FlowState"], Awaitable[bool]]
#: The command (without its slash, with its arguments) that carries one stored draft on.
FlowResume = Callable[["Services", "FlowState"], Awaitable[str]]
#: The way back to one stored draft of a flow no command carries on (a button opened it, and
#: that button's message may have lost it): a sentence saying what stands and the button that
#: carries it on, in the person's words; None when there is none any more.
FlowBack = Callable[["Services", "FlowState", "Texts"], Awaitable[Screen | None]]


class ScaleGuard(Protocol):
    """What replacing a year's scale must ask a feature whose records depend on the scale."""

    async def submitted(self, services: Services, year_id: int) -> int:
        """How many units have submitted something scored against the year's scale."""
        ...

    async def reopen_all(self, services: Services, year_id: int, *, by: int, now: datetime) -> int:
        """Re-open all of them (inside the caller's transaction); how many were re-opened."""
        ...


@dataclass(frozen=True)
class Raw:
    handler: BaseHandler[Any, Any, Any]
    group: int = 0


@dataclass(frozen=True)
class Command:
    name: str
    callback: Callback
    where: Where = Where.GROUP
    #: Whether the command, typed in private, carries on the paused flow of its name (False:
    #: /review in private reads the unit's own review; a reviewer's open unit is carried on
    #: from the list's buttons).
    resumes: bool = True


@dataclass(frozen=True)
class Flow:
    """A multi-step private conversation; its state is (name, step, draft) in the database."""

    name: str
    draft: type[BaseModel]
    text: Mapping[str, Callback] = field(default_factory=dict)
    documents: Mapping[str, Callback] = field(default_factory=dict)
    #: What a step asks for (a catalog key, no placeholders), said again when the person
    #: sends what the step cannot take (a photo while the step waits for text).
    prompts: Mapping[str, str] = field(default_factory=dict)
    #: Whether a paused draft can still be carried on (None: always). One that can no longer
    #: (the work it was for closed since) is never announced as waiting, and is dropped
    #: unless `reopens`.
    alive: FlowAlive | None = None
    #: The work `alive` finds closed can be reopened for one unit (an admin's 🔓 after a
    #: deadline): its draft is kept for then, only not offered as work to carry on meanwhile.
    reopens: bool = False
    #: The command that carries a draft on, when the flow's own command alone may not reach
    #: it (None: that command, `Registry.resumes`).
    resume: FlowResume | None = None
    #: For a flow no command carries on: the button back to its draft (`FlowBack`), offered
    #: where the flow is said to be paused (/cancel, another flow opened over it, /start).
    #: None: "press again the button that opened it", and the draft said to be kept.
    back: FlowBack | None = None


@dataclass(frozen=True)
class Feature:
    name: str
    commands: Sequence[Command] = ()
    buttons: Mapping[type[Button], ButtonCallback] = field(default_factory=dict)
    flows: Sequence[Flow] = ()
    status: Mapping[Phase, PhasePart] = field(default_factory=dict)
    summary: Mapping[Phase, PhasePart] = field(default_factory=dict)
    scale_guard: ScaleGuard | None = None
    pending: Mapping[Phase, PendingUnits] = field(default_factory=dict)
    awaiting: Mapping[Phase, AwaitingWork] = field(default_factory=dict)
    counted: Mapping[Phase, CountedUnits] = field(default_factory=dict)
    changed: Mapping[Phase, ChangedUnits] = field(default_factory=dict)
    opens: Mapping[Phase, Callable[[int], Button]] = field(default_factory=dict)
    closing: bool = False
    startup: Sequence[StartupTask] = ()
    handlers: Sequence[Raw] = ()


class Registry:
    """The features of one Application, indexed once; read-only after construction."""

    def __init__(self, features: Sequence[Feature]) -> None:
        self.features: tuple[Feature, ...] = tuple(features)
        self.commands: dict[tuple[str, Where], Command] = {}
        self.buttons: dict[type[Button], ButtonCallback] = {}
        self.flows: dict[str, Flow] = {}
        self.status: dict[Phase, PhasePart] = {}
        self.pending: dict[Phase, PendingUnits] = {}
        self.awaiting: dict[Phase, AwaitingWork] = {}
        self.counted: dict[Phase, CountedUnits] = {}
        self.changed: dict[Phase, ChangedUnits] = {}
        self.opens: dict[Phase, Callable[[int], Button]] = {}
        #: The buttons of the features whose screens close on a stale press (`closing`).
        self.closing: set[type[Button]] = set()
        for feature in self.features:
            self._index(feature)
        self.button_table = table_of(*self.buttons)

    def _index(self, feature: Feature) -> None:
        for command in feature.commands:
            _claim(self.commands, (command.name, command.where), command, feature)
        for action, callback in feature.buttons.items():
            _claim(self.buttons, action, callback, feature)
            if feature.closing:
                self.closing.add(action)
        for flow in feature.flows:
            _claim(self.flows, flow.name, flow, feature)
        for phase, part in feature.status.items():
            _claim(self.status, phase, part, feature)
        for phase, provider in feature.pending.items():
            _claim(self.pending, phase, provider, feature)
        for phase, awaiting in feature.awaiting.items():
            _claim(self.awaiting, phase, awaiting, feature)
        for phase, counted in feature.counted.items():
            _claim(self.counted, phase, counted, feature)
        for phase, provider in feature.changed.items():
            _claim(self.changed, phase, provider, feature)
        for phase, opener in feature.opens.items():
            _claim(self.opens, phase, opener, feature)

    def text_step(self, flow: str, step: str) -> Callback | None:
        found = self.flows.get(flow)
        return found.text.get(step) if found else None

    def document_step(self, flow: str, step: str) -> Callback | None:
        found = self.flows.get(flow)
        return found.documents.get(step) if found else None

    def prompt(self, flow: str, step: str) -> str | None:
        found = self.flows.get(flow)
        return found.prompts.get(step) if found else None

    async def alive(self, services: Services, state: FlowState) -> bool:
        """Whether the stored draft `state` can still be carried on (its flow's own answer)."""
        found = self.flows.get(state.name)
        return found is None or found.alive is None or await found.alive(services, state)

    def keeps_closed(self, flow: str) -> bool:
        """Whether a draft of `flow` that can no longer be carried on is kept (its work can be
        reopened), rather than dropped."""
        found = self.flows.get(flow)
        return found is not None and found.reopens

    def resumes(self, flow: str) -> str | None:
        """The command that carries a paused flow on: the command of the flow's name, when it
        is answered in a private chat (flows started by a button have none)."""
        found = [self.commands.get((flow, where)) for where in (Where.PRIVATE, Where.ANYWHERE)]
        private = any(command is not None and command.resumes for command in found)
        return flow if private and flow in self.flows else None

    async def resume_command(self, services: Services, state: FlowState) -> str | None:
        """The command that carries the stored draft `state` on (its arguments too, when the
        flow's `resume` says which draft plain `/<flow>` would not reach); None: a button."""
        command = self.resumes(state.name)
        found = self.flows.get(state.name)
        if command is None or found is None or found.resume is None:
            return command
        return await found.resume(services, state)

    async def way_back(self, services: Services, state: FlowState, tx: Texts) -> Screen | None:
        """The button back to the draft `state` of a flow no command carries on (`Flow.back`),
        with its sentence; None: the flow has none (its own button still carries it on)."""
        found = self.flows.get(state.name)
        if found is None or found.back is None:
            return None
        return await found.back(services, state, tx)

    def summary_parts(self, phase: Phase) -> list[PhasePart]:
        """Every feature's part of `/summary` for the phase, in feature order."""
        return [f.summary[phase] for f in self.features if phase in f.summary]

    @property
    def scale_guards(self) -> list[ScaleGuard]:
        return [f.scale_guard for f in self.features if f.scale_guard is not None]

    @property
    def startup(self) -> list[StartupTask]:
        return [task for f in self.features for task in f.startup]

    def handlers(self) -> list[Raw]:
        return [h for f in self.features for h in f.handlers]


def _claim(index: dict[Any, Any], key: object, value: object, feature: Feature) -> None:
    if key in index:
        raise ValueError(f"{key!r} is declared twice (again by feature {feature.name!r})")
    index[key] = value
