"""The scale model: the bundled sample, derived values and every validation rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from bot.domain.errors import Reason
from bot.domain.scale import (
    Criterion,
    ItemKind,
    Scale,
    Section,
    canonical,
    parse_number,
    plain,
    scale_issues,
)
from bot.formats.scale import load_scale_yaml
from tests.domain.helpers import SHARED_DATA, sample_scale_bytes


@pytest.fixture(scope="module")
def sample() -> Scale:
    return load_scale_yaml(sample_scale_bytes())


def test_bundled_sample_is_a_verbatim_copy_of_the_shared_one() -> None:
    shared = SHARED_DATA / "scale-sample.yaml"
    if not shared.exists():
        pytest.skip("../shared is not beside the checkout")
    assert sample_scale_bytes() == shared.read_bytes()


def test_sample_loads_with_its_totals(sample: Scale) -> None:
    assert sample.name == "Thang điểm chuẩn thi đua năm (mẫu)"
    assert [s.code for s in sample.sections] == ["I", "II", "III", "IV"]
    assert [s.max_total for s in sample.sections] == [50, 20, 20, 10]
    assert sample.max_total == Decimal(100)
    assert sample.max_bonus == Decimal(5)
    assert sample.max_deduction == Decimal(8)
    assert str(sample.max_total) == "100"


def test_sample_criteria_keep_their_details(sample: Scale) -> None:
    c12 = sample.find("1.2")
    assert c12 is not None
    assert c12.kind is ItemKind.CRITERION and c12.section == "I"
    assert c12.criterion.evidence is True
    assert c12.criterion.guidance == "Ghi số dự án mới và tỷ lệ so với kế hoạch năm"
    assert c12.criterion.step == Decimal("0.5")
    d1 = sample.find("D1")
    assert d1 is not None and d1.kind is ItemKind.DEDUCTION and d1.section is None
    assert d1.criterion.step == Decimal(1)


def test_items_are_in_order_with_their_kind(sample: Scale) -> None:
    items = sample.items()
    assert len(items) == 21
    assert [i.criterion.code for i in items[:3]] == ["1.1", "1.2", "1.3"]
    assert [i.kind for i in items[-4:]] == [ItemKind.BONUS] * 2 + [ItemKind.DEDUCTION] * 2
    assert {i.section for i in items if i.kind is ItemKind.CRITERION} == {"I", "II", "III", "IV"}


def test_find_ignores_case_and_spaces(sample: Scale) -> None:
    found = sample.find(" t1 ")
    assert found is not None and found.criterion.code == "T1"
    assert sample.find("9.9") is None
    assert sample.find("I") is None  # a section is not a scored item


def test_json_round_trip_for_storage(sample: Scale) -> None:
    body = sample.model_dump(mode="json")
    assert body["sections"][0]["criteria"][0]["max"] == "10"
    assert Scale.model_validate(body) == sample


def test_models_are_frozen(sample: Scale) -> None:
    with pytest.raises(ValidationError):
        sample.sections[0].criteria[0].max = Decimal(1)  # type: ignore[misc]


def test_numbers_are_canonical() -> None:
    c = Criterion(code="A", title="t", max="10.00", step="0.50")
    assert str(c.max) == "10" and str(c.step) == "0.5"
    assert canonical(Decimal("1E+1")) == Decimal(10) and str(canonical(Decimal("1E+1"))) == "10"
    assert str(canonical(Decimal("-0.0"))) == "0"
    assert plain(Decimal("8.50")) == "8.5"
    assert parse_number("8,5") == Decimal("8.5")
    assert parse_number("1e3") is None


def test_default_step_is_checked_against_max() -> None:
    with pytest.raises(ValidationError) as caught:
        Criterion(code="A", title="t", max=Decimal("0.3"))
    (err,) = caught.value.errors()
    assert err["type"] == "step_not_divisor" and err["loc"] == ("step",)
    assert err["ctx"] == {"max": "0.3", "step": "0.5"}


def _crit(code: str, **extra: object) -> dict[str, object]:
    return {"code": code, "title": "Tiêu chí", "max": 10, **extra}


def _raw(**changes: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "name": "Thang điểm",
        "sections": [{"code": "I", "title": "Mục một", "criteria": [_crit("1.1"), _crit("1.2")]}],
        "bonus": [_crit("T1", max=3)],
        "deductions": [_crit("D1", max=2, step=1)],
    }
    raw.update(changes)
    return raw


def _one_issue(raw: object) -> tuple[tuple[str | int, ...], str, dict[str, str]]:
    scale, issues = scale_issues(raw)
    assert scale is None
    assert len(issues) == 1, issues
    return issues[0]


@pytest.mark.parametrize(
    ("changes", "reason", "field", "params"),
    [
        ({"max": 0}, Reason.NOT_POSITIVE, "max", {}),
        ({"max": -2}, Reason.NOT_POSITIVE, "max", {}),
        ({"max": 1001}, Reason.TOO_BIG, "max", {"max": "1000"}),
        ({"max": Decimal("1000.5")}, Reason.TOO_BIG, "max", {"max": "1000"}),
        ({"max": Decimal("2.125")}, Reason.TOO_MANY_DECIMALS, "max", {"places": "2"}),
        ({"step": Decimal("0.005"), "max": 1}, Reason.TOO_MANY_DECIMALS, "step", {"places": "2"}),
        ({"step": 0}, Reason.NOT_POSITIVE, "step", {}),
        ({"step": 3}, Reason.STEP_NOT_DIVISOR, "step", {"max": "10", "step": "3"}),
        ({"step": 20}, Reason.STEP_NOT_DIVISOR, "step", {"max": "10", "step": "20"}),
        ({"max": "mười"}, Reason.NOT_A_NUMBER, "max", {"value": "mười"}),
        ({"max": True}, Reason.NOT_A_NUMBER, "max", {"value": "True"}),
        ({"max": Decimal("NaN")}, Reason.NOT_A_NUMBER, "max", {"value": "NaN"}),
        ({"max": float("inf")}, Reason.NOT_A_NUMBER, "max", {"value": "inf"}),
        ({"max": None}, Reason.NOT_A_NUMBER, "max", {"value": "None"}),
        ({"title": ""}, Reason.EMPTY, "title", {}),
        ({"title": "   "}, Reason.EMPTY, "title", {}),
        ({"title": "x" * 501}, Reason.TOO_LONG, "title", {"max": "500"}),
        ({"title": ["a"]}, Reason.NOT_TEXT, "title", {}),
        ({"title": "bad\x00char"}, Reason.BAD_CHARACTERS, "title", {}),
        ({"guidance": "g" * 1001}, Reason.TOO_LONG, "guidance", {"max": "1000"}),
        ({"code": "1 2"}, Reason.BAD_ITEM_CODE, "code", {"value": "1 2"}),
        ({"code": "1.2)"}, Reason.BAD_ITEM_CODE, "code", {"value": "1.2)"}),
        ({"code": ".1"}, Reason.BAD_ITEM_CODE, "code", {"value": ".1"}),
        ({"code": "Đ1"}, Reason.BAD_ITEM_CODE, "code", {"value": "Đ1"}),
        ({"code": "A" * 17}, Reason.TOO_LONG, "code", {"max": "16"}),
        ({"code": ""}, Reason.EMPTY, "code", {}),
        ({"evidence": "maybe"}, Reason.NOT_BOOLEAN, "evidence", {"value": "maybe"}),
        ({"colour": "red"}, Reason.UNKNOWN_FIELD, "colour", {}),
    ],
)
def test_each_criterion_rule(
    changes: dict[str, object], reason: Reason, field: str, params: dict[str, str]
) -> None:
    criterion = {**_crit("1.3"), **changes}
    raw = _raw()
    raw["sections"][0]["criteria"].append(criterion)  # type: ignore[index]
    loc, got, got_params = _one_issue(raw)
    assert (got, got_params) == (reason, params)
    assert loc == ("sections", 0, "criteria", 2, field)


@pytest.mark.parametrize("field", ["code", "title", "max"])
def test_required_criterion_fields(field: str) -> None:
    criterion = _crit("1.3")
    del criterion[field]
    raw = _raw()
    raw["sections"][0]["criteria"].append(criterion)  # type: ignore[index]
    assert _one_issue(raw) == (("sections", 0, "criteria", 2, field), Reason.MISSING, {})


def test_optional_fields_default() -> None:
    c = Criterion.model_validate({"code": "1", "title": "t", "max": 4, "guidance": "  "})
    assert (c.step, c.evidence, c.guidance) == (Decimal("0.5"), False, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        ("yes", True),
        ("x", True),
        ("Có", True),
        (1, True),
        ("", False),
        ("không", False),
        (0, False),
        (None, False),
        ("FALSE", False),
    ],
)
def test_evidence_accepts_usual_yes_no(value: object, expected: bool) -> None:
    c = Criterion.model_validate({"code": "1", "title": "t", "max": 4, "evidence": value})
    assert c.evidence is expected


def test_scale_level_rules() -> None:
    assert _one_issue(_raw(name="")) == (("name",), Reason.EMPTY, {})
    assert _one_issue(_raw(sections=[])) == (("sections",), Reason.NO_SECTIONS, {})
    assert _one_issue(_raw(sections=None)) == (("sections",), Reason.NO_SECTIONS, {})
    raw = _raw()
    del raw["sections"]
    assert _one_issue(raw) == (("sections",), Reason.MISSING, {})
    empty = [{"code": "I", "title": "Mục", "criteria": []}]
    assert _one_issue(_raw(sections=empty)) == (
        ("sections", 0, "criteria"),
        Reason.EMPTY_SECTION,
        {},
    )
    assert _one_issue(["not", "a", "mapping"])[1] == Reason.NOT_A_MAPPING
    assert _one_issue(_raw(bonus="T1"))[:2] == (("bonus",), Reason.NOT_A_LIST)


def test_bonus_and_deductions_may_be_absent_or_null() -> None:
    scale, issues = scale_issues(_raw(bonus=None, deductions=None))
    assert issues == [] and scale is not None
    assert scale.bonus == [] and scale.max_bonus == 0 and scale.max_deduction == 0


def test_codes_are_unique_across_everything_ignoring_case() -> None:
    raw = _raw(bonus=[_crit("t1"), _crit("1.1"), _crit("i")])
    raw["deductions"] = [_crit("T1", max=2)]
    scale, issues = scale_issues(raw)
    assert scale is None
    dups = [(i.loc, i.params["code"]) for i in issues if i.reason == Reason.DUPLICATE_CODE]
    assert dups == [
        (("bonus", 1, "code"), "1.1"),
        (("bonus", 2, "code"), "i"),
        (("deductions", 0, "code"), "T1"),
    ]


def test_at_most_200_items_bonus_and_deductions_included() -> None:
    criteria = [_crit(f"1.{n}") for n in range(198)]
    raw = _raw(sections=[{"code": "I", "title": "Mục", "criteria": criteria}])
    scale, issues = scale_issues(raw)  # 198 + 1 bonus + 1 deduction = 200
    assert issues == [] and scale is not None and len(scale.items()) == 200
    raw["bonus"] = [_crit("T1", max=3), _crit("T2", max=3)]
    assert _one_issue(raw) == ((), Reason.TOO_MANY_ITEMS, {"max": "200"})


def test_all_errors_are_collected_not_just_the_first() -> None:
    raw = _raw()
    raw["sections"] = [
        {"code": "I", "title": "", "criteria": [_crit("1.1", max=0), _crit("1.1", step=3)]},
        {"code": "II", "criteria": [_crit("2.1", title="")]},
    ]
    raw["bonus"] = [_crit("II")]
    scale, issues = scale_issues(raw)
    assert scale is None
    found = sorted((i.loc, i.reason) for i in issues)
    assert found == sorted(
        [
            (("sections", 0, "title"), Reason.EMPTY),
            (("sections", 0, "criteria", 0, "max"), Reason.NOT_POSITIVE),
            (("sections", 0, "criteria", 1, "step"), Reason.STEP_NOT_DIVISOR),
            (("sections", 0, "criteria", 1, "code"), Reason.DUPLICATE_CODE),
            (("sections", 1, "title"), Reason.MISSING),
            (("sections", 1, "criteria", 0, "title"), Reason.EMPTY),
            (("bonus", 0, "code"), Reason.DUPLICATE_CODE),
        ]
    )


def test_direct_construction_enforces_the_whole_scale_rules() -> None:
    section = Section(code="I", title="Mục", criteria=[Criterion(code="1", title="a", max=5)])
    with pytest.raises(ValidationError) as caught:
        Scale(name="S", sections=[section], bonus=[Criterion(code="1", title="b", max=1)])
    assert caught.value.errors()[0]["type"] == "duplicate_code"
    with pytest.raises(ValidationError):
        Scale(name="S", sections=[])


def test_a_huge_scale_is_refused_at_once() -> None:
    many = [{"code": "X", "title": "", "criteria": []} for _ in range(201)]
    assert _one_issue(_raw(sections=many)) == ((), Reason.TOO_MANY_ITEMS, {"max": "200"})
    bonus = [_crit("X", max=0)] * 500
    assert _one_issue(_raw(bonus=bonus)) == ((), Reason.TOO_MANY_ITEMS, {"max": "200"})
