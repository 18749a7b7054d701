"""The scoring scale (thang điểm chuẩn); the rules of a score against it are in `scores`.

Why pydantic models with our own validators: a scale arrives from a bloc's file, so every rule
must be checked and *every* broken rule reported at once, each with a reason code (never text).
Field rules run inside pydantic (which keeps going after a failing field); the rules that span
the whole scale (unique codes, counts) run on the raw data in `scale_issues`, so they are found
even when some item is broken too. Points are `Decimal` with at most two decimals: totals are
exact, never float.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, NamedTuple, NoReturn

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.domain.errors import Issue, Reason, clip, issues_from_validation

DEFAULT_STEP = Decimal("0.5")
MAX_CODE = 16
MAX_NAME = 500
MAX_TITLE = 500
MAX_GUIDANCE = 1000
MAX_POINTS = Decimal(1000)
MAX_PLACES = 2
MAX_ITEMS = 200
#: Codes go into pasted score lines and button data: no spaces, nothing exotic.
CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*")
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
_MAX_NUMBER_CHARS = 24
#: Context flag of `Scale.model_validate`: the whole-scale rules were already checked.
_WHOLE_CHECKED = "whole_scale_checked"


def _fail(reason: Reason, /, **params: object) -> NoReturn:
    raise PydanticCustomError(str(reason), str(reason), {k: str(v) for k, v in params.items()})


def canonical(value: Decimal) -> Decimal:
    """The value with no trailing zeros and no exponent: 10 not 1E+1 or 10.0, 8.5 not 8.50."""
    if value.is_zero():
        return Decimal(0)
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
    except InvalidOperation:
        return value
    return value.normalize()


def plain(value: Decimal) -> str:
    """A Decimal as plain digits ("8.5", "10"); the renderer may swap "." for ","."""
    return format(canonical(value), "f")


def parse_number(text: str) -> Decimal | None:
    """ "8.5", "8,5", " 9 ", "-1" as a Decimal; None for anything else (NaN, 1e3, "1.000,5")."""
    text = text.strip()
    if len(text) > _MAX_NUMBER_CHARS or not _NUMBER_RE.fullmatch(text):
        return None
    return canonical(Decimal(text.replace(",", ".")))


def _places(value: Decimal) -> int:
    exponent = canonical(value).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# --- value validators (run before pydantic's own checks) ---------------------------------


def _to_text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        _fail(Reason.NOT_TEXT)
    text = repr(value) if isinstance(value, float) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if any(_is_bad_char(c) for c in text):
        _fail(Reason.BAD_CHARACTERS)
    # Composed (NFC), as names and titles are (bot.domain.text): the same scale typed with
    # Unikey's "Unicode tổ hợp" is the same scale, not one with every wording changed.
    return unicodedata.normalize("NFC", text)


def _is_bad_char(char: str) -> bool:
    if char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


def _text_up_to(limit: int) -> Any:
    def check(value: object) -> str:
        text = _to_text(value)
        if not text:
            _fail(Reason.EMPTY)
        if len(text) > limit:
            _fail(Reason.TOO_LONG, max=limit)
        return text

    return BeforeValidator(check)


def _to_code(value: object) -> str:
    text = _to_text(value)
    if not text:
        _fail(Reason.EMPTY)
    if len(text) > MAX_CODE:
        _fail(Reason.TOO_LONG, max=MAX_CODE)
    if not CODE_RE.fullmatch(text):
        _fail(Reason.BAD_ITEM_CODE, value=clip(text))
    return text


def _to_guidance(value: object) -> str | None:
    if value is None:
        return None
    text = _to_text(value)
    if len(text) > MAX_GUIDANCE:
        _fail(Reason.TOO_LONG, max=MAX_GUIDANCE)
    return text or None


def _to_decimal(value: object) -> Decimal:
    number: Decimal | None = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        number = parse_number(value)
    if number is None or not number.is_finite():
        _fail(Reason.NOT_A_NUMBER, value=clip(value))
    return number


_TRUE = frozenset({"true", "yes", "x", "1", "có", "co"})
_FALSE = frozenset({"false", "no", "0", "", "không", "khong"})


def _to_bool(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, str | int) else None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    _fail(Reason.NOT_BOOLEAN, value=clip(value))


def _none_is_empty(value: object) -> object:
    return [] if value is None else value


Code = Annotated[str, BeforeValidator(_to_code)]
Title = Annotated[str, _text_up_to(MAX_TITLE)]
Points = Annotated[Decimal, BeforeValidator(_to_decimal)]


def _check_points(value: Decimal) -> Decimal:
    if value <= 0:
        _fail(Reason.NOT_POSITIVE)
    if value > MAX_POINTS:
        _fail(Reason.TOO_BIG, max=MAX_POINTS)
    if _places(value) > MAX_PLACES:
        _fail(Reason.TOO_MANY_DECIMALS, places=MAX_PLACES)
    return canonical(value)


# --- the models -------------------------------------------------------------------------


class Criterion(BaseModel):
    """One line of the scale; also the shape of bonus and deduction items."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)

    code: Code
    title: Title
    max: Points
    step: Points = Field(default=DEFAULT_STEP, validate_default=True)
    evidence: Annotated[bool, BeforeValidator(_to_bool)] = False
    guidance: Annotated[str | None, BeforeValidator(_to_guidance)] = None

    @field_validator("max")
    @classmethod
    def _max_ok(cls, value: Decimal) -> Decimal:
        return _check_points(value)

    @field_validator("step")
    @classmethod
    def _step_ok(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        value = _check_points(value)
        top = info.data.get("max")
        if top is not None and top % value != 0:
            _fail(Reason.STEP_NOT_DIVISOR, max=plain(top), step=plain(value))
        return value


class Section(BaseModel):
    """A numbered part of the scale (I, II…) grouping criteria."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)

    code: Code
    title: Title
    criteria: list[Criterion]

    @field_validator("criteria")
    @classmethod
    def _not_empty(cls, value: list[Criterion]) -> list[Criterion]:
        if not value:
            _fail(Reason.EMPTY_SECTION)
        return value

    @property
    def max_total(self) -> Decimal:
        return canonical(sum((c.max for c in self.criteria), Decimal(0)))


class ItemKind(StrEnum):
    CRITERION = "criterion"
    BONUS = "bonus"
    DEDUCTION = "deduction"


class ScaleItem(NamedTuple):
    """A criterion with what it counts as, and its section code (None for bonus/deductions)."""

    kind: ItemKind
    section: str | None
    criterion: Criterion


class Scale(BaseModel):
    """A whole scale; equal scales compare equal (used by the file round-trips)."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)

    name: Annotated[str, _text_up_to(MAX_NAME)]
    sections: Annotated[list[Section], BeforeValidator(_none_is_empty)]
    bonus: Annotated[list[Criterion], BeforeValidator(_none_is_empty)] = []
    deductions: Annotated[list[Criterion], BeforeValidator(_none_is_empty)] = []

    @model_validator(mode="after")
    def _whole_scale(self, info: ValidationInfo) -> Scale:
        if not (info.context or {}).get(_WHOLE_CHECKED):
            for issue in whole_scale_issues(self.model_dump()):
                _fail(Reason(issue.reason), **issue.params)
        return self

    def items(self) -> list[ScaleItem]:
        """Every scored item in order: the sections' criteria, then bonus, then deductions."""
        return list(self._items)

    def find(self, code: str) -> ScaleItem | None:
        """The item with this code, ignoring case and surrounding spaces (codes are unique so).

        A comma typed for the code's dot is forgiven (`1,2` for 1.2) when no code has a comma:
        a spreadsheet set to Vietnamese shows the code 1.2 so, and pasted lines come from there.
        """
        key = code.strip().casefold()
        found = self._by_code.get(key)
        if found is None and "," in key:
            found = self._by_code.get(key.replace(",", "."))
        return found

    # Worked out once per scale: a scale never changes (frozen, and a stored version is never
    # rewritten), and every assessment screen walks its items several times. A changed scale
    # is made with `Scale.model_validate`, never `model_copy(update=…)` (which keeps these).
    @cached_property
    def _items(self) -> tuple[ScaleItem, ...]:
        found = [
            ScaleItem(ItemKind.CRITERION, section.code, criterion)
            for section in self.sections
            for criterion in section.criteria
        ]
        found += [ScaleItem(ItemKind.BONUS, None, c) for c in self.bonus]
        found += [ScaleItem(ItemKind.DEDUCTION, None, c) for c in self.deductions]
        return tuple(found)

    @cached_property
    def _by_code(self) -> dict[str, ScaleItem]:
        found: dict[str, ScaleItem] = {}
        for item in self._items:
            found.setdefault(item.criterion.code.casefold(), item)
        return found

    @property
    def max_total(self) -> Decimal:
        return canonical(sum((s.max_total for s in self.sections), Decimal(0)))

    @property
    def max_bonus(self) -> Decimal:
        return canonical(sum((c.max for c in self.bonus), Decimal(0)))

    @property
    def max_deduction(self) -> Decimal:
        return canonical(sum((c.max for c in self.deductions), Decimal(0)))


def _code_key(value: object) -> str | None:
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        return str(value).strip().casefold() or None
    return None


def whole_scale_issues(raw: object) -> list[Issue]:
    """The rules over the whole scale, on raw (possibly broken) data: counts, unique codes.

    Codes share one namespace (sections, criteria, bonus, deductions) and are compared without
    case, so a pasted line `t1 2` can only mean one item; the second use of a code is reported.
    Too many items is reported alone: a huge file is not worth checking item by item.
    """
    if not isinstance(raw, dict):
        return []
    coded: list[tuple[object, tuple[str | int, ...]]] = []  # (entry, its path)
    sections = raw.get("sections")
    for i, section in enumerate(sections if isinstance(sections, list) else []):
        coded.append((section, ("sections", i)))
        criteria = section.get("criteria") if isinstance(section, dict) else None
        for j, criterion in enumerate(criteria if isinstance(criteria, list) else []):
            coded.append((criterion, ("sections", i, "criteria", j)))
    for kind in ("bonus", "deductions"):
        entries = raw.get(kind)
        for j, entry in enumerate(entries if isinstance(entries, list) else []):
            coded.append((entry, (kind, j)))
    n_sections = len(sections) if isinstance(sections, list) else 0
    if len(coded) - n_sections > MAX_ITEMS or n_sections > MAX_ITEMS:
        return [Issue((), Reason.TOO_MANY_ITEMS, {"max": str(MAX_ITEMS)})]
    issues: list[Issue] = []
    if "sections" in raw and not sections:
        issues.append(Issue(("sections",), Reason.NO_SECTIONS, {}))
    seen: set[str] = set()
    for entry, loc in coded:
        code = entry.get("code") if isinstance(entry, dict) else None
        key = _code_key(code)
        if key is not None and key in seen:
            params = {"code": clip(str(code).strip())}
            issues.append(Issue((*loc, "code"), Reason.DUPLICATE_CODE, params))
        if key is not None:
            seen.add(key)
    return issues


def scale_issues(raw: object) -> tuple[Scale | None, list[Issue]]:
    """Validate raw data (from YAML or a sheet): the Scale, or every issue with its path."""
    issues = whole_scale_issues(raw)
    if any(i.reason == Reason.TOO_MANY_ITEMS for i in issues):
        return None, issues  # not worth checking thousands of items one by one
    try:
        scale = Scale.model_validate(raw, context={_WHOLE_CHECKED: True})
    except ValidationError as exc:
        return None, issues + issues_from_validation(exc)
    return (None, issues) if issues else (scale, [])
