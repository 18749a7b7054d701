"""Old import path of the scale files, now in `bot.formats` (kept while branches still use it).

Remove once nothing imports `bot.domain.scale_files`. New code imports `bot.formats.scale`
(YAML, `load_scale`), `bot.formats.scale_sheet` (XLSX) and `bot.formats.xlsx.put`.
"""

from __future__ import annotations

from bot.formats.scale import SCALE_TYPES, load_scale, load_scale_yaml, scale_to_yaml
from bot.formats.scale_sheet import load_scale_xlsx, scale_to_xlsx
from bot.formats.scale_words import COLUMNS, KINDS, REQUIRED_COLUMNS, TEMPLATE_COLUMNS
from bot.formats.xlsx import put

_put = put

__all__ = [
    "COLUMNS",
    "KINDS",
    "REQUIRED_COLUMNS",
    "SCALE_TYPES",
    "TEMPLATE_COLUMNS",
    "_put",
    "load_scale",
    "load_scale_xlsx",
    "load_scale_yaml",
    "put",
    "scale_to_xlsx",
    "scale_to_yaml",
]
