"""Reading uploaded files: size checks, UTF-8 text, YAML with lines.

Shared by the scale files (`formats.scale`) and the roster (`formats.roster`); workbooks are
read by `formats.xlsx`. Every refusal is a `FileRejected` with a reason code; YAML errors carry
their line, so a rule broken deep inside a file can be placed with `yaml_line`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from bot.domain.errors import FieldError, FileRejected, Reason, error, reject

#: The largest file the bot downloads and reads (what a roster or a scale can need, many times).
MAX_FILE_BYTES = 1024 * 1024


def check_upload(data: bytes) -> None:
    """Refuse a file that is too large or empty, before reading any of it."""
    if len(data) > MAX_FILE_BYTES:
        raise reject(Reason.TOO_LARGE, max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if not data.strip():
        raise reject(Reason.EMPTY_FILE)


def decode_text(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise reject(Reason.NOT_UTF8) from exc


# --- YAML ---------------------------------------------------------------------------------


#: libyaml when PyYAML has it (its wheels do): many times faster on a 1 MB file, and it refuses
#: deep nesting itself; the pure-Python parser is the fallback.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Parser):  # type: ignore[misc, valid-type]
    """A safe loader that reads floats as exact Decimals (see `_construct_decimal`)."""


def _construct_decimal(loader: Any, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf, .nan, 1:30.5: let the rules refuse or accept them
        return Decimal(repr(loader.construct_yaml_float(node)))


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _yaml_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def read_yaml(data: bytes) -> tuple[Any, yaml.Node | None]:
    """The data of one YAML document and its node tree (for `yaml_line`).

    Refused: malformed YAML (with its line), anchors and aliases (a few lines could expand to
    millions of items) and a key given twice in one mapping (YAML would silently keep the last).
    """
    loader = _Loader(decode_text(data))
    try:
        node = loader.get_single_node()
        if problems := _shape_problems(node):
            raise FileRejected(problems)
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as exc:
        raise FileRejected([error(Reason.NOT_YAML).at(line=_yaml_line(exc))]) from exc
    except RecursionError as exc:  # [[[[… deeper than Python's stack (pure-Python parser)
        raise reject(Reason.NOT_YAML) from exc
    finally:
        loader.dispose()


def _shape_problems(root: yaml.Node | None, limit: int = 100) -> list[FieldError]:
    """Aliased nodes (reached twice, reported once) and repeated keys; iterative, bounded."""
    found: list[FieldError] = []
    seen: set[int] = set()
    aliased: set[int] = set()
    stack = [root] if root is not None else []
    while stack and len(found) < limit:
        node = stack.pop()
        if id(node) in seen:
            if id(node) not in aliased:
                aliased.add(id(node))
                found.append(error(Reason.YAML_ALIAS).at(line=node.start_mark.line + 1))
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                stack.append(value)
                if not isinstance(key, yaml.ScalarNode):
                    continue
                if key.value in keys:
                    dup = error(Reason.DUPLICATE_KEY, key=key.value[:40])
                    found.append(dup.at(line=key.start_mark.line + 1))
                    if len(found) >= limit:
                        break
                keys.add(key.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return found


def yaml_line(root: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at `loc` (or of the nearest thing that exists).

    A nested block (a list, a mapping) is placed at its key's line; a missing key at the line of
    the mapping that lacks it.
    """
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next((kv for kv in node.value if kv[0].value == part), None)
            if pair is None:
                break
            key, node = pair
            collection = isinstance(node, yaml.MappingNode | yaml.SequenceNode)
            line = (key if collection else node).start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def header_name(value: Any) -> str:
    """A header cell as the lower-case name it is compared by ("" when blank)."""
    return str(value).strip().lower() if value is not None else ""
