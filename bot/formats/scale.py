"""Scale files: YAML in and out, and the choice of reader by a file's extension.

Why a module of its own: the scale rules (`bot.domain.scale`) see plain nested data; this
module turns bytes into that data while remembering where each value came from (a YAML node's
line), then places each issue found by the rules (`scale_places`). Workbooks are read and the
XLSX template written by `scale_sheet`; the low-level readers shared with the roster are in
`formats.reading` and `formats.xlsx`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath
from typing import Any

import yaml

from bot.domain.errors import FileRejected, Reason, reject
from bot.domain.scale import DEFAULT_STEP, Criterion, Scale, plain, scale_issues
from bot.formats.reading import check_upload, read_yaml, yaml_line
from bot.formats.scale_places import placed
from bot.formats.scale_sheet import load_scale_xlsx

SCALE_TYPES = ".yaml, .yml, .xlsx"


def load_scale(filename: str, data: bytes) -> Scale:
    """A scale from an uploaded file, by its extension (.yaml, .yml or .xlsx)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_scale_yaml(data)
    if suffix == ".xlsx":
        return load_scale_xlsx(data)
    if suffix == ".xls":
        raise reject(Reason.XLS_FILE)
    raise reject(Reason.UNSUPPORTED_TYPE, allowed=SCALE_TYPES)


def load_scale_yaml(data: bytes) -> Scale:
    """A scale from YAML (the shape of the bundled sample); errors carry their YAML line."""
    check_upload(data)
    raw, root = read_yaml(data)
    if raw is None:
        raise reject(Reason.EMPTY_FILE)
    scale, issues = scale_issues(raw)
    if issues:
        raise FileRejected(placed(raw, i, line=yaml_line(root, i.loc)) for i in issues)
    assert scale is not None
    return scale


# --- writing ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key, like the bundled sample."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


class _Quoted(str):
    __slots__ = ()


_Dumper.add_representer(
    _Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"')
)
_Dumper.add_representer(
    Decimal,
    lambda d, v: d.represent_scalar(
        "tag:yaml.org,2002:" + ("int" if v == v.to_integral_value() else "float"), plain(v)
    ),
)


def _yaml_item(item: Criterion) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": _Quoted(item.code),
        "title": _Quoted(item.title),
        "max": item.max,
    }
    if item.step != DEFAULT_STEP:
        out["step"] = item.step
    if item.evidence:
        out["evidence"] = True
    if item.guidance:
        out["guidance"] = _Quoted(item.guidance)
    return out


def scale_to_yaml(scale: Scale) -> str:
    """The scale as YAML in the sample's shape; `load_scale_yaml` reads it back equal."""
    doc: dict[str, Any] = {"name": _Quoted(scale.name), "sections": []}
    for s in scale.sections:
        criteria = [_yaml_item(c) for c in s.criteria]
        doc["sections"].append(
            {"code": _Quoted(s.code), "title": _Quoted(s.title), "criteria": criteria}
        )
    if scale.bonus:
        doc["bonus"] = [_yaml_item(c) for c in scale.bonus]
    if scale.deductions:
        doc["deductions"] = [_yaml_item(c) for c in scale.deductions]
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
