"""The one way a row becomes a model: columns named as the model's fields.

Columns the model does not have are ignored; pydantic reads the stored values (ISO-8601 text
as an aware datetime, 0/1 as a bool, text as an enum). What is not a plain column (JSON text,
a flag computed from a column, ids from another table) is given by the repository as `extra`.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel

from storage.db import Row

M = TypeVar("M", bound=BaseModel)


def to_model(model: type[M], row: Row, /, **extra: Any) -> M:
    fields = model.model_fields
    data = {key: row[key] for key in row.keys() if key in fields}  # noqa: SIM118 (sqlite3.Row)
    return model.model_validate({**data, **extra})


def from_json(text: str | None) -> Any:
    """A JSON column (a draft, a payload, a scale's body)."""
    return json.loads(text) if text else {}
