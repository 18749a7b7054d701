"""Pasted score lines: `<criterion code> <score> [note]`, one criterion a line.

Why one result for the whole paste: a delegate pastes 20 lines from a spreadsheet and wants one
answer that says which were stored and which were not, each refusal with its line number and
reason. Good lines never wait for bad ones: the use case stores what was taken.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.domain.assessment import check_note, score_for
from bot.domain.bloc import Record
from bot.domain.errors import FieldError, InvalidValue, Reason, clip, error
from bot.domain.scale import CODE_RE, MAX_CODE, Scale, parse_number

#: Telegram's message limit; a longer line cannot be a score line typed by a person.
MAX_LINE_CHARS = 4096


class ScoreLine(Record):
    """One good line: the item's code as the scale spells it, the points and the note."""

    line: int
    code: str
    value: Decimal
    note: str | None = None


class PastedLines(Record):
    """Every non-blank line of a paste, either taken or refused (errors carry `line`)."""

    taken: tuple[ScoreLine, ...] = ()
    errors: tuple[FieldError, ...] = ()


def _code_token(token: str) -> str:
    """The code as typed, forgiving a colon after it (`1.2: 8,5`)."""
    return token.rstrip(":")


_LETTERS = re.compile(r"[A-Za-z]+")
_DIGITS = re.compile(r"[0-9]+")


def _first_words(text: str) -> list[str]:
    """The first two words of a message's first non-blank line, and the rest of it."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    return first[:MAX_LINE_CHARS].split(maxsplit=2)


def _first_pair(text: str) -> tuple[str, Decimal] | None:
    """The code as typed and the number of a message's first line, if it starts so."""
    parts = _first_words(text)
    number = parse_number(parts[1]) if len(parts) >= 2 else None
    return (_code_token(parts[0]), number) if number is not None else None


def _shape(code: str) -> str:
    """A code's shape: each run of letters `A`, each run of digits `9`, a comma a dot
    (`2.9` and `1,2` are `9.9`, `T1` is `A9`, `2026` is `9`)."""
    return _DIGITS.sub("9", _LETTERS.sub("A", code.replace(",", ".")))


def _code_like(code: str) -> bool:
    """What a criterion's code may be, a comma typed for its dot, with a digit in it ("1.2",
    "1,2", "T1"): a word or a bare number of a sentence is not one."""
    return (
        len(code) <= MAX_CODE
        and any(c.isdigit() for c in code)
        and CODE_RE.fullmatch(code.replace(",", ".")) is not None
    )


def shaped_like_code(scale: Scale, token: str) -> bool:
    """Whether a typed word is the scale's criterion code or written like one of its codes.

    Why the scale's own shapes: `2.9` beside codes like `1.2` can only be a criterion the scale
    lacks, while a year (`2026`) or a word (`Thu`) beside the same codes is the start of a note.
    A shape needs a digit, so a scale of letter codes does not make every word a code.
    """
    code = _code_token(token)
    if scale.find(code) is not None:
        return True
    if not _code_like(code):
        return False
    return _shape(code) in {_shape(item.criterion.code) for item in scale.items()}


def names_item(scale: Scale, token: str) -> bool:
    """Whether a typed word is one of the scale's criterion codes written as a code, not as a
    count: `1.2`, `1,2:` or `T1` name an item, while `2` (as in "2 hội nghị đã tổ chức") is how a
    note starts even where the scale numbers its criteria 1, 2, 3."""
    code = _code_token(token)
    return not code.isdigit() and scale.find(code) is not None


def _starts_a_score_line(scale: Scale, line: str) -> bool:
    """Whether one line reads `<code> <number> …`, the code the scale's or shaped like one."""
    parts = line[:MAX_LINE_CHARS].split(maxsplit=2)
    return (
        len(parts) >= 2 and parse_number(parts[1]) is not None and shaped_like_code(scale, parts[0])
    )


def buried_pair(scale: Scale, line: str) -> str | None:
    """A score line written after other words on its line ("Báo cáo: 2.4 3"): one of the
    scale's codes (`names_item`) followed by a number, not at the start; the pair as it should
    have been typed ("2.4 3"), else None.

    Why named and not taken: the words before may change what the number means ("Năm trước:
    2.4 3"), so the scores are not guessed out of prose; but the line is answered, naming the
    form, rather than read as a note or passed over in silence.
    """
    found = buried_line(scale, line)
    return " ".join(found.split()[:2]) if found is not None else None


def buried_line(scale: Scale, line: str) -> str | None:
    """As `buried_pair`, with what follows the pair on its line: "2.4 3 Thiếu biên bản" out of
    "Báo cáo: 2.4 3 Thiếu biên bản" (a review decision keeps its reason after the score)."""
    words = line[:MAX_LINE_CHARS].split()
    for at in range(1, len(words) - 1):
        if names_item(scale, words[at]) and parse_number(words[at + 1]) is not None:
            return " ".join([_code_token(words[at]), *words[at + 1 :]])
    return None


def looks_like_lines(scale: Scale, text: str) -> bool:
    """Whether a message is pasted score lines: its first line is `<code> <number>`, the code
    the scale's or shaped like one (`shaped_like_code`), or one of the scale's codes followed by
    anything (`names_item`: "2.2 abc" is a score typed wrong, not a note); or any later line is
    `<code> <number>`. `parse_line` then stores each line or refuses it with why (a code the
    scale lacks, a score that is no number, a line that is no score line at all).

    Why any line: a paste often opens with a greeting ("Kính gửi Khối") or the header row copied
    from a spreadsheet ("Mã  Điểm  Ghi chú"); judged by its first line alone, the whole paste
    was a note and its scores were lost. A later line must carry its number, so a note with a
    code named in passing ("… như T1 đã nêu") stays a note.

    A line with a score line after other words ("Báo cáo: 2.4 3", `buried_pair`) counts too:
    it is refused with the form to use, never taken for a note or passed over.

    Anything else (a bare "8,5", a note such as "15/6 đã nộp" or "Thu 12 dự án") belongs to the
    delegate's step.
    """
    parts = _first_words(text)
    if len(parts) >= 2 and parse_number(parts[1]) is None and names_item(scale, parts[0]):
        return True
    lines = text.split("\n")
    return any(_starts_a_score_line(scale, line) for line in lines) or any(
        buried_pair(scale, line) is not None for line in lines
    )


def looks_like_score_lines(text: str) -> bool:
    """Whether a message typed with no scale at hand (no /assess open) reads as score lines:
    one of its lines (not only the first, as in `looks_like_lines`) is `<code-like> <number>`
    (`_code_like`), so a sentence that happens to have a number second ("Xin 5 phút") is not
    taken for one."""
    pairs = (_first_pair(line) for line in text.split("\n"))
    return any(pair is not None and _code_like(pair[0]) for pair in pairs)


def only_score_lines(scale: Scale, text: str) -> bool:
    """Whether every non-blank line of a message is `<a code of this scale> <number> [note]`:
    score lines pasted where other text belongs (a pledge's commitments).

    Stricter than `looks_like_lines` on purpose: the text would otherwise be kept, so only a
    code the scale has counts (not one shaped like it), followed at once by a number, on every
    line. A numbered list ("1. Hoàn thành…", "1.1 Thu hút đầu tư") or one commitment line among
    score-like ones is not score lines.
    """
    lines = [raw for _, raw in numbered_lines(text) if raw.strip()]
    pairs = [_first_pair(raw) for raw in lines]
    return bool(lines) and all(p is not None and scale.find(p[0]) is not None for p in pairs)


def parse_line(scale: Scale, number: int, raw: str) -> ScoreLine | FieldError | None:
    """One line: a ScoreLine, why it is refused, or None when it is blank."""
    if len(raw) > MAX_LINE_CHARS:
        return error(Reason.TOO_LONG, max=MAX_LINE_CHARS).at(line=number)
    parts = raw.split(maxsplit=2)
    if not parts:
        return None
    item = scale.find(_code_token(parts[0]))
    if item is None and not shaped_like_code(scale, parts[0]):
        buried = buried_pair(scale, raw)
        if buried is not None:  # "Báo cáo: 2.4 3": named with the form, nothing guessed
            return error(Reason.CODE_NOT_FIRST, text=clip(raw.strip()), example=buried).at(
                line=number
            )
        # prose ("Kính gửi Khối"), a header row, an emoji: not a criterion the scale lacks
        return error(Reason.NOT_A_LINE).at(line=number)
    if item is None:
        return error(Reason.UNKNOWN_ITEM, value=clip(_code_token(parts[0]))).at(line=number)
    criterion = item.criterion
    if len(parts) < 2:
        return error(Reason.NO_SCORE).at(item=criterion.code, line=number)
    try:
        value = score_for(criterion, parts[1])
        note = check_note(parts[2] if len(parts) > 2 else None)
    except InvalidValue as exc:
        return exc.error.at(item=criterion.code, line=number)
    return ScoreLine(line=number, code=criterion.code, value=value, note=note)


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """A paste's lines numbered from 1, whatever line ends it came with (as errors cite them)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return list(enumerate(lines, start=1))


def parse_lines(scale: Scale, text: str) -> PastedLines:
    """Every line of a paste, numbered from 1; a criterion given twice is refused the second
    time (the first stands), so the result never depends on which line "wins"."""
    taken: list[ScoreLine] = []
    errors: list[FieldError] = []
    seen: set[str] = set()
    for number, raw in numbered_lines(text):
        found = parse_line(scale, number, raw)
        if isinstance(found, FieldError):
            errors.append(found)
        elif found is not None and found.code in seen:
            errors.append(error(Reason.REPEATED_ITEM, code=found.code).at(line=number))
        elif found is not None:
            seen.add(found.code)
            taken.append(found)
    return PastedLines(taken=tuple(taken), errors=tuple(errors))
