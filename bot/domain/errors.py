"""Structured errors of the domain: a reason code, its parameters and where it happened.

Why: the domain holds no user-facing text. A rule that refuses something says *why* with a
reason code (`Reason`) and string parameters, and *where* with a location (section, item, row or
line, field). The text lives in the catalogs: reason `r` is the key `fileerrors.r` of
`bot/locales/<lang>/fileerrors.yaml`, formatted with `params`. Parameters are raw values
(a code, a number as typed); the renderer HTML-escapes them like any catalog parameter. Params
named `phase`, `earlier`, `later`, `round` or `current_round` hold a phase's command word
(`pledge`…); the texts show it as `<code>`, and a renderer may swap in `calendar.phase_<value>`
instead.

Rendering one error (done outside the domain, by `handlers.file_errors.render_error`), with
`t(key, **params)` looking up `fileerrors.<key>`::

    parts = []
    if e.section: parts.append(t("loc_section", section=e.section))
    if e.item: parts.append(t("loc_item", item=e.item))
    where = t("loc_line", line=e.line) if e.line else t("loc_row", row=e.row) if e.row else None
    if where and parts: parts[-1] = t("loc_paren", what=parts[-1], where=where)
    elif where: parts.append(where)
    if e.named: parts.append(t("loc_named_column" if e.row else "loc_named_field",
                               field=t(f"field_{e.named}")))
    elif e.field: parts.append(t("loc_column" if e.row else "loc_field", field=e.field))
    text = t(e.reason, **e.params)
    if parts: text = t("loc_message", location=t("loc_join").join(parts), reason=text)
    text = text[:1].upper() + text[1:]   # texts are lower-case fragments

This gives "Section II, criterion 2.3 (line 41), field max: must be greater than 0" and "Mục II,
tiêu chí 2.3 (dòng 41), trường «Điểm tối đa»: phải lớn hơn 0" (a field of the file's format is
`named` by a `FieldName`, shown as `field_<name>` in the reader's language: the header the
template uses; `field` is a header as the file spells it, or a key the file made up). The
fragments given back as `what`, `location` and `reason` are already HTML: with `bot.i18n`, wrap
them in `Html` so they are not escaped twice. A whole refused file starts with `rejected`
(count) and, when the list is cut to fit a message, ends with `more` (count).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator


class Reason(StrEnum):
    """Every reason code the domain emits; each is a key of `fileerrors.yaml`."""

    # whole files
    TOO_LARGE = "too_large"
    EMPTY_FILE = "empty_file"
    UNSUPPORTED_TYPE = "unsupported_type"
    NOT_UTF8 = "not_utf8"
    NOT_YAML = "not_yaml"
    YAML_ALIAS = "yaml_alias"
    DUPLICATE_KEY = "duplicate_key"
    NOT_XLSX = "not_xlsx"
    NOT_ROSTER = "not_roster"
    MISSING_COLUMN = "missing_column"
    NO_SCALE_HEADER = "no_scale_header"
    UNKNOWN_COLUMN = "unknown_column"
    TOO_MANY_ROWS = "too_many_rows"
    UNZIPS_TOO_LARGE = "unzips_too_large"
    XLSX_TOO_MANY_PARTS = "xlsx_too_many_parts"
    TOO_MANY_COLUMNS = "too_many_columns"
    TOO_MANY_STRINGS = "too_many_strings"
    TOO_HARD_TO_READ = "too_hard_to_read"
    XLS_FILE = "xls_file"
    #: A roster sent with the caption /scale, a scale with /addunit (`formats.uploads`).
    ROSTER_FILE = "roster_file"
    SCALE_FILE = "scale_file"
    UNCLOSED_QUOTE = "unclosed_quote"
    # one field
    MISSING = "missing"
    UNKNOWN_FIELD = "unknown_field"
    NOT_TEXT = "not_text"
    NOT_A_LIST = "not_a_list"
    NOT_A_MAPPING = "not_a_mapping"
    NOT_BOOLEAN = "not_boolean"
    NOT_A_NUMBER = "not_a_number"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"
    INVALID = "invalid"
    # scale
    BAD_ITEM_CODE = "bad_item_code"
    NOT_POSITIVE = "not_positive"
    #: A review's extra points (+ 0, − 0): "must be greater than 0" alone did not say what.
    POINTS_NOT_POSITIVE = "points_not_positive"
    TOO_BIG = "too_big"
    TOO_MANY_DECIMALS = "too_many_decimals"
    STEP_NOT_DIVISOR = "step_not_divisor"
    DUPLICATE_CODE = "duplicate_code"
    NO_SECTIONS = "no_sections"
    EMPTY_SECTION = "empty_section"
    TOO_MANY_ITEMS = "too_many_items"
    BAD_KIND = "bad_kind"
    UNKNOWN_SECTION = "unknown_section"
    ORPHAN_CRITERION = "orphan_criterion"
    # scores
    OUT_OF_RANGE = "out_of_range"
    NOT_IN_STEP = "not_in_step"
    #: NOT_IN_STEP where the step is 1.
    NOT_WHOLE = "not_whole"
    UNKNOWN_ITEM = "unknown_item"
    #: A pasted line that is not written like a score line at all (prose, a header row).
    NOT_A_LINE = "not_a_line"
    #: A pasted line with a score line after other words ("Báo cáo: 2.4 3"): not taken.
    CODE_NOT_FIRST = "code_not_first"
    NO_SCORE = "no_score"
    REPEATED_ITEM = "repeated_item"
    NOT_TEMPLATE = "not_template"
    OLD_TEMPLATE = "old_template"
    #: A template of another unit, of the other round, or made before those were written in it.
    OTHER_UNIT_TEMPLATE = "other_unit_template"
    OTHER_ROUND_TEMPLATE = "other_round_template"
    #: OTHER_UNIT_TEMPLATE when the sender does not act for that unit (nothing to choose).
    NOT_OWN_TEMPLATE = "not_own_template"
    #: OTHER_ROUND_TEMPLATE when that round can no longer be changed (nothing to go back to).
    LOCKED_ROUND_TEMPLATE = "locked_round_template"
    UNMARKED_TEMPLATE = "unmarked_template"
    CHANGED_MEANWHILE = "changed_meanwhile"
    CLEARED_KEPT = "cleared_kept"
    #: CHANGED_MEANWHILE where the criterion has no points now.
    CLEARED_MEANWHILE = "cleared_meanwhile"
    # units
    BAD_CODE = "bad_code"
    EMPTY_NAME = "empty_name"
    NAME_TOO_LONG = "name_too_long"
    # calendar
    BAD_PHASE = "bad_phase"
    BAD_YEAR = "bad_year"
    BAD_DATE = "bad_date"
    NO_SUCH_MONTH = "no_such_month"
    NO_SUCH_DAY = "no_such_day"
    BAD_TIME = "bad_time"
    DEADLINE_PAST = "deadline_past"
    PHASES_OUT_OF_ORDER = "phases_out_of_order"
    DEADLINE_FAR = "deadline_far"


_PARAM_NAMES: dict[Reason, str] = {
    Reason.TOO_LARGE: "max_mb",
    Reason.UNSUPPORTED_TYPE: "allowed",
    Reason.DUPLICATE_KEY: "key",
    Reason.MISSING_COLUMN: "column",
    Reason.UNKNOWN_COLUMN: "column",
    Reason.TOO_MANY_ROWS: "max",
    Reason.UNZIPS_TOO_LARGE: "max_mb",
    Reason.XLSX_TOO_MANY_PARTS: "max",
    Reason.TOO_MANY_COLUMNS: "max",
    Reason.TOO_MANY_STRINGS: "max",
    Reason.NOT_BOOLEAN: "value",
    Reason.NOT_A_NUMBER: "value",
    Reason.TOO_LONG: "max",
    Reason.BAD_ITEM_CODE: "value",
    Reason.TOO_BIG: "max",
    Reason.TOO_MANY_DECIMALS: "places",
    Reason.STEP_NOT_DIVISOR: "max step",
    Reason.DUPLICATE_CODE: "code",
    Reason.TOO_MANY_ITEMS: "max",
    Reason.BAD_KIND: "value",
    Reason.UNKNOWN_SECTION: "value",
    Reason.OUT_OF_RANGE: "max",
    Reason.NOT_IN_STEP: "step",
    Reason.UNKNOWN_ITEM: "value",
    Reason.CODE_NOT_FIRST: "text example",
    Reason.REPEATED_ITEM: "code",
    Reason.OLD_TEMPLATE: "version current",
    Reason.OTHER_UNIT_TEMPLATE: "unit current",
    Reason.OTHER_ROUND_TEMPLATE: "round current_round command",
    Reason.NOT_OWN_TEMPLATE: "unit current",
    Reason.LOCKED_ROUND_TEMPLATE: "round current_round",
    Reason.CHANGED_MEANWHILE: "score",
    Reason.CLEARED_KEPT: "score",
    Reason.BAD_CODE: "value",
    Reason.NAME_TOO_LONG: "length max",
    Reason.BAD_PHASE: "value",
    Reason.BAD_YEAR: "value",
    Reason.BAD_DATE: "value example",
    Reason.NO_SUCH_MONTH: "value month",
    Reason.NO_SUCH_DAY: "value month year days",
    Reason.BAD_TIME: "value",
    Reason.DEADLINE_PAST: "phase",
    Reason.PHASES_OUT_OF_ORDER: "earlier later",
    Reason.DEADLINE_FAR: "phase year first last",
}

#: The parameters each reason carries: exactly the placeholders of its catalog texts.
REASON_PARAMS: Mapping[str, frozenset[str]] = {
    str(reason): frozenset(_PARAM_NAMES.get(reason, "").split()) for reason in Reason
}

#: Catalog keys of `fileerrors.yaml` that compose a location (see the module docstring).
LOCATION_KEYS: frozenset[str] = frozenset(
    {
        "loc_section",
        "loc_item",
        "loc_line",
        "loc_row",
        "loc_field",
        "loc_column",
        "loc_named_field",
        "loc_named_column",
        "loc_paren",
        "loc_join",
        "loc_message",
        "rejected",
        "rejected_one",
        "rejected_whole",
        "more",
    }
)


class FieldName(StrEnum):
    """A field of a file format, named to the reader by `fileerrors.field_<value>`: the header
    the template uses in the reader's language ("Điểm tối đa"), never the format's code."""

    SCALE_NAME = "scale_name"
    SCALE_SECTIONS = "scale_sections"
    SCALE_CRITERIA = "scale_criteria"
    SCALE_BONUS = "scale_bonus"
    SCALE_DEDUCTIONS = "scale_deductions"
    SCALE_KIND = "scale_kind"
    SCALE_SECTION = "scale_section"
    SCALE_CODE = "scale_code"
    SCALE_TITLE = "scale_title"
    SCALE_MAX = "scale_max"
    SCALE_STEP = "scale_step"
    SCALE_EVIDENCE = "scale_evidence"
    SCALE_GUIDANCE = "scale_guidance"
    ROSTER_UNITS = "roster_units"
    ROSTER_CODE = "roster_code"
    ROSTER_NAME = "roster_name"


#: Catalog keys of `fileerrors.yaml` that name a field (`FieldName`).
FIELD_KEYS: frozenset[str] = frozenset(f"field_{name}" for name in FieldName)


class FieldError(BaseModel):
    """One refusal: why (`reason` + `params`) and where (any of the location fields).

    For the reasons of `Reason` the params must be exactly those its texts use, so a renderer
    never meets a missing placeholder; other reason codes are not checked.
    """

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    reason: str
    params: dict[str, str] = {}
    section: str | None = None
    item: str | None = None
    row: int | None = None
    line: int | None = None
    field: str | None = None
    #: A field of the format, named in the reader's language (shown instead of `field`).
    named: FieldName | None = None

    @model_validator(mode="after")
    def _params_match_reason(self) -> FieldError:
        expected = REASON_PARAMS.get(self.reason)
        if expected is not None and set(self.params) != expected:
            raise ValueError(f"{self.reason} takes params {sorted(expected)}")
        return self

    def at(self, **location: object) -> FieldError:
        """A copy placed somewhere else (section=…, item=…, row=…, line=…, field=…, named=…)."""
        return self.model_copy(update=location)

    def sort_key(self) -> tuple[int, int]:
        """Order in which a refused file lists its errors: by row or line, unplaced first."""
        return (self.row or 0, self.line or 0)


def clip(value: object, limit: int = 40) -> str:
    """A value as text short enough to quote in an error (`limit` characters at most)."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error(reason: Reason, /, **params: object) -> FieldError:
    """A FieldError with `params` turned to strings (the shortest way to build one)."""
    return FieldError(reason=reason, params={k: str(v) for k, v in params.items()})


def reject(reason: Reason, /, **params: object) -> FileRejected:
    """A FileRejected with one unplaced error (the file as a whole is wrong)."""
    return FileRejected([error(reason, **params)])


class DomainError(Exception):
    """Something the domain refused, with every reason (not just the first)."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: list[FieldError] = list(errors)
        super().__init__("; ".join(e.reason for e in self.errors))


class FileRejected(DomainError):
    """An uploaded file breaks its format; nothing of it is used."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        super().__init__(sorted(errors, key=FieldError.sort_key))


class InvalidValue(DomainError, ValueError):
    """One typed value (a score, a code, a date) cannot be accepted."""

    def __init__(self, err: FieldError) -> None:
        super().__init__([err])

    @property
    def error(self) -> FieldError:
        return self.errors[0]


class Issue(NamedTuple):
    """A reason found at a path inside nested data, before a file reader places it."""

    loc: tuple[str | int, ...]
    reason: str
    params: dict[str, str]


#: pydantic's own error types, as our reasons.
_PYDANTIC_REASONS: dict[str, Reason] = {
    "missing": Reason.MISSING,
    "extra_forbidden": Reason.UNKNOWN_FIELD,
    "string_type": Reason.NOT_TEXT,
    "list_type": Reason.NOT_A_LIST,
    "model_type": Reason.NOT_A_MAPPING,
    "model_attributes_type": Reason.NOT_A_MAPPING,
    "dict_type": Reason.NOT_A_MAPPING,
}


def issues_from_validation(exc: ValidationError) -> list[Issue]:
    """Every error of a pydantic validation as an Issue with our reason code.

    Our validators raise `PydanticCustomError(reason, reason, params)`; those keep their code
    and params. pydantic's own types map through `_PYDANTIC_REASONS`, anything else is
    `invalid` (a safe answer rather than a crash on a type we did not foresee).
    """
    issues = []
    for item in exc.errors(include_url=False, include_input=False):
        kind = item["type"]
        if kind in REASON_PARAMS:
            ctx = item.get("ctx") or {}
            issues.append(Issue(tuple(item["loc"]), kind, {k: str(v) for k, v in ctx.items()}))
        else:
            issues.append(
                Issue(tuple(item["loc"]), _PYDANTIC_REASONS.get(kind, Reason.INVALID), {})
            )
    return issues
