"""The Bot API reference, used to validate and coerce every request.

Telegram receives every parameter as a string (form fields, query strings) or as JSON, and the
reference (``bot-api.min.json``, MIT, from PaulSonOfLars/telegram-bot-api-spec) says which
types each field may take. Checking requests against it is what keeps the emulator honest: a
bot that sends an unknown parameter, forgets a required one, or sends the wrong shape fails
here exactly as it would (or more strictly than it would) against the real server, instead of
passing silently.

Unknown parameters are rejected even though Telegram ignores them: a typo in a parameter name
is a bug that Telegram would hide.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import bad_request

SPEC_PATH = Path(__file__).with_name("bot-api.min.json")

_INT_RE = re.compile(r"^[+-]?\d+$")
_DISCRIMINATOR_RE = re.compile(r'(?:must be|always) "?([A-Za-z_]+)"?')
_DISCRIMINATOR_FIELDS = ("type", "status", "source")


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part: what the bot uploaded."""

    filename: str
    data: bytes
    content_type: str | None = None

    def __repr__(self) -> str:  # keep call logs readable
        return f"UploadedFile({self.filename!r}, {len(self.data)} bytes)"


class _Mismatch(Exception):
    """A value does not fit one candidate type (another candidate may still fit)."""


class Spec:
    """Methods and types of the Bot API, with request validation."""

    def __init__(self, path: Path = SPEC_PATH):
        raw = json.loads(path.read_text("utf-8"))
        self.version: str = raw.get("version", "")
        self.methods: dict[str, dict[str, Any]] = raw["methods"]
        self.types: dict[str, dict[str, Any]] = raw["types"]
        self._by_lower = {name.lower(): name for name in self.methods}

    def resolve(self, method: str) -> str | None:
        """The canonical method name (Telegram matches method names case-insensitively)."""
        return self._by_lower.get(method.lower())

    def fields(self, method: str) -> dict[str, dict[str, Any]]:
        return {f["name"]: f for f in self.methods[method].get("fields", [])}

    # ------------------------------------------------------------------ top level

    def validate(self, method: str, params: dict[str, str | UploadedFile]) -> dict[str, Any]:
        """Check ``params`` (strings and uploaded files) against ``method``; return typed values.

        Raises a 400 :class:`~.errors.ApiError` for an unknown parameter, a missing required
        one, or a value that fits none of the field's declared types.
        """
        fields = self.fields(method)
        files = {k: v for k, v in params.items() if isinstance(v, UploadedFile)}
        for name, value in params.items():
            if name not in fields and not isinstance(value, UploadedFile):
                raise bad_request(f"unknown parameter {name}")
        attached: set[str] = set()
        out: dict[str, Any] = {}
        for name, field in fields.items():
            if name not in params:
                if field.get("required"):
                    raise bad_request(f"{name} is required")
                continue
            out[name] = self._coerce_param(name, params[name], field["types"], files, attached)
        for name in files:
            if name not in fields and name not in attached:
                raise bad_request(f"unknown parameter {name}")
        return out

    def _coerce_param(
        self,
        name: str,
        raw: str | UploadedFile,
        types: list[str],
        files: dict[str, UploadedFile],
        attached: set[str],
    ) -> Any:
        details = []
        for type_name in types:
            try:
                return self._coerce_form(raw, type_name, files, attached)
            except _Mismatch as exc:
                details.append(str(exc))
        if any(_is_structured(t) for t in types) and isinstance(raw, str):
            detail = "; ".join(d for d in details if d)
            raise bad_request(f"can't parse {name} JSON object: {detail}")
        expected = " or ".join(types)
        raise bad_request(f"wrong type of parameter {name}: expected {expected}")

    def _coerce_form(
        self,
        raw: str | UploadedFile,
        type_name: str,
        files: dict[str, UploadedFile],
        attached: set[str],
    ) -> Any:
        if isinstance(raw, UploadedFile):
            if type_name == "InputFile":
                return raw
            raise _Mismatch("")
        if type_name == "InputFile":
            if raw.startswith("attach://") and raw[9:] in files:
                attached.add(raw[9:])
                return files[raw[9:]]
            raise _Mismatch("")
        if type_name == "Integer":
            if _INT_RE.match(raw.strip()):
                return int(raw)
            raise _Mismatch("")
        if type_name == "Float":
            try:
                return float(raw)
            except ValueError:
                raise _Mismatch("") from None
        if type_name == "Boolean":
            lowered = raw.strip().lower()
            if lowered in ("true", "1"):
                return True
            if lowered in ("false", "0"):
                return False
            raise _Mismatch("")
        if type_name == "String":
            return raw
        try:
            value = json.loads(raw)
        except ValueError:
            raise _Mismatch("invalid JSON") from None
        return self.check_json(value, type_name, type_name)

    # ------------------------------------------------------------------ nested JSON

    def check_json(self, value: Any, type_name: str, path: str) -> Any:
        """Validate a decoded JSON value against a spec type; returns the value (normalised)."""
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                raise _Mismatch(f"{path} must be an array")
            inner = type_name[len("Array of ") :]
            return [self.check_json(v, inner, f"{path}[{i}]") for i, v in enumerate(value)]
        if type_name == "Integer":
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, str) and _INT_RE.match(value):
                return int(value)
            raise _Mismatch(f"{path} must be an Integer")
        if type_name == "Float":
            if isinstance(value, int | float) and not isinstance(value, bool):
                return value
            raise _Mismatch(f"{path} must be a Float")
        if type_name == "Boolean":
            if isinstance(value, bool):
                return value
            raise _Mismatch(f"{path} must be a Boolean")
        if type_name in ("String", "InputFile"):
            if isinstance(value, str):
                return value
            if isinstance(value, int | float) and not isinstance(value, bool):
                return str(value)
            raise _Mismatch(f"{path} must be a String")
        return self._check_object(value, type_name, path)

    def _check_object(self, value: Any, type_name: str, path: str) -> Any:
        if not isinstance(value, dict):
            raise _Mismatch(f"{path} must be an object")
        type_spec = self.types.get(type_name)
        if type_spec is None:
            return value
        if "subtypes" in type_spec:
            subtype = self._pick_subtype(type_name, value)
            if subtype is None:
                if type_name in self._subtype_maps:
                    raise _Mismatch(f"{path} has an unsupported type")
                return value
            type_name, type_spec = subtype, self.types[subtype]
        fields = {f["name"]: f for f in type_spec.get("fields", [])}
        for key in value:
            if key not in fields:
                raise _Mismatch(f'unknown field "{key}" in {type_name}')
        out = {}
        for key, field in fields.items():
            if value.get(key) is None:
                if field.get("required"):
                    raise _Mismatch(f'field "{key}" of {type_name} is required')
                continue
            out[key] = self._check_field(value[key], field["types"], f"{path}.{key}")
        return out

    def _check_field(self, value: Any, types: list[str], path: str) -> Any:
        errors = []
        for type_name in types:
            try:
                return self.check_json(value, type_name, path)
            except _Mismatch as exc:
                errors.append(str(exc))
        raise _Mismatch(errors[0] if len(errors) == 1 else f"{path} has a wrong type")

    def _pick_subtype(self, base: str, value: dict[str, Any]) -> str | None:
        mapping = self._subtype_maps.get(base)
        if not mapping:
            return None
        for key in _DISCRIMINATOR_FIELDS:
            if key in value and (value[key], key) in mapping:
                return mapping[(value[key], key)]
        return None

    @cached_property
    def _subtype_maps(self) -> dict[str, dict[tuple[str, str], str]]:
        """For each abstract type: (discriminator value, field) -> concrete subtype."""
        maps: dict[str, dict[tuple[str, str], str]] = {}
        for base, spec in self.types.items():
            for sub in spec.get("subtypes", []):
                for field in self.types.get(sub, {}).get("fields", []):
                    if field["name"] not in _DISCRIMINATOR_FIELDS:
                        continue
                    match = _DISCRIMINATOR_RE.search(field.get("description", ""))
                    if match:
                        maps.setdefault(base, {})[(match.group(1), field["name"])] = sub
        return maps


def _is_structured(type_name: str) -> bool:
    return type_name not in ("Integer", "Float", "Boolean", "String", "InputFile")
