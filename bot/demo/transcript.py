"""The demo's transcript: what each person saw, in order, as in a chat.

People's messages and presses are written when they act; the bot's messages (new ones and
edits, in every chat), files and pop-up answers are collected after each action from the
emulator. One line of heading per chapter of the year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.emulator import SentMessage

if TYPE_CHECKING:
    from bot.demo.stage import Stage


class Transcript:
    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.lines: list[str] = []
        self.files: dict[str, bytes] = {}
        #: (chat, message id) -> edits already written
        self._seen: dict[tuple[int, int], int] = {}
        self._answers = 0
        self.actions = 0

    # ------------------------------------------------------------------ people

    def chapter(self, title: str) -> None:
        self.lines += ["", f"## {title}", ""]

    def moment(self, title: str) -> None:
        when = self.stage.clock.now().astimezone(_zone())
        self.lines += ["", f"### {when:%d/%m/%Y %H:%M} — {title}", ""]

    def heading_at(self, mark: int, title: str) -> None:
        """A moment's heading before the lines written since `mark`, if there are any."""
        if len(self.lines) > mark:
            when = self.stage.clock.now().astimezone(_zone())
            heading = f"### {when:%d/%m/%Y %H:%M} — {title}"
            if heading not in self.lines[-40:]:  # one heading for one moment
                self.lines[mark:mark] = ["", heading, ""]

    def person_wrote(self, chat: int, user: int, text: str) -> None:
        self.actions += 1
        self._line(chat, self._who(user), text)

    def person_pressed(self, chat: int, user: int, label: str) -> None:
        self.actions += 1
        self._line(chat, self._who(user), f"[presses «{label}»]")

    def person_sent_file(self, chat: int, user: int, name: str, caption: str | None) -> None:
        self.actions += 1
        said = f"[sends the file {name}]" + (f" {caption}" if caption else "")
        self._line(chat, self._who(user), said)

    # ------------------------------------------------------------------ the bot

    def collect(self) -> None:
        """Write what the bot sent or edited since the last call, and its pop-up answers."""
        emu = self.stage.emu
        for chat in (self.stage.group, *self.stage.people):
            for message in emu.all_bot_messages(chat, include_deleted=False):
                key = (chat, message.message_id)
                edits = self._seen.get(key)
                if edits == message.edited:
                    continue
                self._seen[key] = message.edited
                self._bot(chat, message, edited=edits is not None)
        answers = emu.callback_answers()
        for answer in answers[self._answers :]:
            if answer.get("text"):
                self.lines.append(f"    (pop-up) {answer['text']}")
        self._answers = len(answers)

    def _bot(self, chat: int, message: SentMessage, *, edited: bool) -> None:
        head = "🤖 Bot (edits its message)" if edited else "🤖 Bot"
        text = message.text or message.caption or ""
        if message.document is not None:
            name, data = message.document
            self.files[name] = data
            text = f"[file {name}] {text}".strip()
        self._line(chat, head, text)
        for row in message.buttons:
            self.lines.append("      " + "  ".join(f"[{b.text}]" for b in row))

    # ------------------------------------------------------------------ text

    def _who(self, user: int) -> str:
        person = self.stage.people[user]
        return f"{person.name}, {person.role}"

    def _line(self, chat: int, who: str, text: str) -> None:
        where = "group" if chat == self.stage.group else f"{self.stage.people[chat].name} ↔ bot"
        when = self.stage.clock.now().astimezone(_zone())
        body = text.replace("\n", "\n      ")
        self.lines.append(f"[{when:%d/%m %H:%M}] ({where}) {who}: {body}")

    def text(self) -> str:
        return "\n".join(self.lines).strip() + "\n"


def _zone():  # type: ignore[no-untyped-def]
    from bot.demo.stage import ZONE

    return ZONE
