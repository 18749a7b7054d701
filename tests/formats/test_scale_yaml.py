"""Scale YAML files: every error placed on its line, the file-level refusals, round-trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from hypothesis import given, settings

from bot.domain.errors import FieldError, Reason
from bot.domain.scale import Scale
from bot.formats import reading as file_reading
from bot.formats.reading import MAX_FILE_BYTES, read_yaml, yaml_line
from bot.formats.scale import load_scale, load_scale_yaml, scale_to_yaml
from tests.conftest import examples
from tests.domain.helpers import line_of, only, rejected, sample_scale_bytes, scales

GOOD = """\
name: "Thang điểm thử"
sections:
  - code: "I"
    title: "Mục một"
    criteria:
      - code: "1.1"
        title: "Tiêu chí một"
        max: 10
      - code: "1.2"
        title: "Tiêu chí hai"
        max: 8.5
        step: 0.25
bonus:
  - code: "T1"
    title: "Sáng kiến"
    max: 3
"""


def _errors(text: str) -> list[FieldError]:
    return rejected(load_scale_yaml, text.encode())


def test_a_good_file_loads_with_exact_decimals() -> None:
    scale = load_scale_yaml(GOOD.encode())
    c12 = scale.find("1.2")
    assert c12 is not None
    assert c12.criterion.max == Decimal("8.5") and isinstance(c12.criterion.max, Decimal)
    assert c12.criterion.step == Decimal("0.25")
    assert scale.max_total == Decimal("18.5")


def test_floats_are_read_exactly_not_through_binary_floats() -> None:
    data, _ = read_yaml(b"a: 0.1\nb: 1_000.25\nc: 8.50\nd: .inf\n")
    assert data["a"] == Decimal("0.1") and str(data["a"]) == "0.1"
    assert data["b"] == Decimal("1000.25")
    assert str(data["c"]) == "8.50"
    assert data["d"] == Decimal("Infinity")


def test_an_error_is_placed_on_the_line_of_its_value() -> None:
    text = GOOD.replace("max: 8.5", "max: 0")
    err = only(_errors(text))
    assert err.reason == Reason.NOT_POSITIVE
    assert (err.section, err.item, err.field) == ("I", "1.2", "max")
    assert err.line == line_of(text, "max: 0")
    assert err.row is None


def test_every_error_has_its_own_line() -> None:
    text = """\
name: ""
sections:
  - code: "I"
    title: "Mục một"
    criteria:
      - code: "1.1"
        title: "Tiêu chí một"
        max: -1
      - code: "1.1"
        title: "Trùng mã"
        max: 10
        step: 3
      - code: "1.3"
        max: 4
        colour: red
  - code: "II"
    title: "Mục hai"
    criteria: []
bonus:
  - code: "T 1"
    title: "Có khoảng trắng"
    max: 12.345
"""
    errors = _errors(text)
    got = [(e.line, e.reason, e.section, e.item, e.field) for e in errors]
    assert got == [
        (1, Reason.EMPTY, None, None, "name"),
        (line_of(text, "max: -1"), Reason.NOT_POSITIVE, "I", "1.1", "max"),
        (line_of(text, '"1.1"', 1), Reason.DUPLICATE_CODE, "I", "1.1", "code"),
        (line_of(text, "step: 3"), Reason.STEP_NOT_DIVISOR, "I", "1.1", "step"),
        (line_of(text, '"1.3"'), Reason.MISSING, "I", "1.3", "title"),
        (line_of(text, "colour"), Reason.UNKNOWN_FIELD, "I", "1.3", "colour"),
        (line_of(text, "criteria: []"), Reason.EMPTY_SECTION, "II", None, "criteria"),
        (line_of(text, '"T 1"'), Reason.BAD_ITEM_CODE, None, "T 1", "code"),
        (line_of(text, "12.345"), Reason.TOO_MANY_DECIMALS, None, "T 1", "max"),
    ]
    assert errors[2].params == {"code": "1.1"}
    assert errors[3].params == {"max": "10", "step": "3"}


def test_a_missing_key_points_at_its_mapping() -> None:
    text = GOOD.replace('        title: "Tiêu chí hai"\n', "")
    err = only(_errors(text))
    assert (err.reason, err.field, err.item) == (Reason.MISSING, "title", "1.2")
    assert err.line == line_of(text, '- code: "1.2"')


def test_malformed_yaml_is_one_error_with_its_line() -> None:
    text = 'name: "x"\nsections:\n  - code: "I"\n    title: [unclosed\n'
    err = only(_errors(text))
    assert err.reason == Reason.NOT_YAML and err.line is not None and err.line >= 4
    err = only(_errors("a: b: c\n"))
    assert (err.reason, err.line) == (Reason.NOT_YAML, 1)


def test_unsafe_and_tricky_yaml_is_refused() -> None:
    assert only(_errors("!!python/object:os.system {}\n")).reason == Reason.NOT_YAML
    assert only(_errors("a: 1\n---\nb: 2\n")).reason == Reason.NOT_YAML
    bomb = "a: &a [1, 1]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    errors = _errors(bomb)
    assert {e.reason for e in errors} == {Reason.YAML_ALIAS}
    assert [e.line for e in errors] == [1, 2]  # each anchored node, once


def test_deep_nesting_is_refused_not_crashing() -> None:
    for data in (b"[" * 100_000, b"a: " + b"[" * 5000 + b"]" * 5000, b"- " * 50_000 + b"x"):
        assert only(rejected(load_scale_yaml, data)).reason == Reason.NOT_YAML


def test_the_pure_python_parser_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    class PureLoader(yaml.SafeLoader):
        pass

    PureLoader.add_constructor("tag:yaml.org,2002:float", file_reading._construct_decimal)
    monkeypatch.setattr(file_reading, "_Loader", PureLoader)
    assert load_scale_yaml(sample_scale_bytes()).max_total == 100
    err = only(_errors(GOOD.replace("max: 8.5", "max: 0")))
    assert (err.reason, err.line) == (Reason.NOT_POSITIVE, line_of(GOOD, "max: 8.5"))
    assert only(_errors("[" * 5000)).reason == Reason.NOT_YAML
    assert {e.reason for e in _errors("a: &a [1]\nb: *a\n")} == {Reason.YAML_ALIAS}


def test_a_key_given_twice_is_refused_with_its_line() -> None:
    text = GOOD.replace("        max: 10\n", "        max: 10\n        max: 9\n")
    err = only(_errors(text))
    assert (err.reason, err.params, err.line) == (
        Reason.DUPLICATE_KEY,
        {"key": "max"},
        line_of(text, "max: 9"),
    )


def test_not_a_mapping_at_the_top() -> None:
    err = only(_errors("- a\n- b\n"))
    assert (err.reason, err.line) == (Reason.NOT_A_MAPPING, 1)


def test_file_level_refusals() -> None:
    assert only(rejected(load_scale_yaml, b"")).reason == Reason.EMPTY_FILE
    assert only(rejected(load_scale_yaml, b"# only a comment\n")).reason == Reason.EMPTY_FILE
    assert only(rejected(load_scale_yaml, b"name: \xff\xfe\n")).reason == Reason.NOT_UTF8
    big = b"#" * (MAX_FILE_BYTES + 1)
    err = only(rejected(load_scale_yaml, big))
    assert (err.reason, err.params) == (Reason.TOO_LARGE, {"max_mb": "1"})


def test_a_bom_is_fine() -> None:
    assert load_scale_yaml(b"\xef\xbb\xbf" + GOOD.encode()).name == "Thang điểm thử"


def test_load_scale_dispatches_by_extension() -> None:
    assert load_scale("thang-diem.YML", GOOD.encode()).name == "Thang điểm thử"
    assert load_scale("x.yaml", sample_scale_bytes()).max_total == 100
    err = only(rejected(load_scale, "scale.docx", GOOD.encode()))
    assert (err.reason, err.params) == (Reason.UNSUPPORTED_TYPE, {"allowed": ".yaml, .yml, .xlsx"})
    assert only(rejected(load_scale, "scale", GOOD.encode())).reason == Reason.UNSUPPORTED_TYPE
    assert only(rejected(load_scale, "x.xlsx", GOOD.encode())).reason == Reason.NOT_XLSX


def test_yaml_line_follows_paths() -> None:
    _, root = read_yaml(GOOD.encode())
    assert yaml_line(root, ("sections", 0, "criteria", 1, "step")) == line_of(GOOD, "step")
    assert yaml_line(root, ("sections", 0, "criteria")) == line_of(GOOD, "criteria:")
    assert yaml_line(root, ("sections", 5)) == line_of(GOOD, "sections:")
    assert yaml_line(root, ()) == 1
    assert yaml_line(None, ("x",)) is None


def test_the_sample_round_trips_to_the_same_text() -> None:
    sample = sample_scale_bytes().decode()
    body = "".join(line + "\n" for line in sample.splitlines() if not line.startswith("#"))
    assert scale_to_yaml(load_scale_yaml(sample.encode())) == body


@settings(max_examples=examples(60), deadline=None)
@given(scales())
def test_yaml_round_trip(scale: Scale) -> None:
    assert load_scale_yaml(scale_to_yaml(scale).encode()) == scale


def test_odd_shapes_are_placed_without_crashing() -> None:
    errors = _errors('name: "S"\nsections:\n  I: {title: x}\n')
    assert [(e.reason, e.line, e.section) for e in errors] == [(Reason.NOT_A_LIST, 2, None)]
    text = 'name: "S"\nsections:\n  - "I"\n  - code: "II"\n    criteria: {a: 1}\n'
    got = [(e.reason, e.line, e.section, e.field) for e in _errors(text)]
    assert got == [
        (Reason.NOT_A_MAPPING, 3, None, "sections"),
        (Reason.MISSING, 4, "II", "title"),
        (Reason.NOT_A_LIST, 5, "II", "criteria"),
    ]
