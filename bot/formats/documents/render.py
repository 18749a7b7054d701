"""Draft a document from a template, and check a template a bloc sends in place of a default.

Rendering is docxtpl (Jinja over python-docx) in a sandboxed Jinja environment with XML
escaping: a template is a file from a user, so it may not reach Python internals, and a unit
name with "&" or "<" must not break the XML. The output is made the same for the same data:
fixed core properties (dates, revision, author) and fixed dates inside the zip.

A template is refused, with every reason found, when it is not a .docx (a zip with a Word main
part), is over 5 MB, carries macros (vbaProject.bin, a macro-enabled content type), uses names
the document does not have, lacks names it must use, or cannot be rendered.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

from bot.domain.documents import MAX_TEMPLATE_BYTES, DocName

if TYPE_CHECKING:  # docx, docxtpl and jinja2 load only when a document is drafted
    from docx.document import Document as DocxDocument
    from jinja2.sandbox import SandboxedEnvironment

#: The instant written into every document's properties and zip entries (stable output).
FIXED = datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MAIN_PART = "word/document.xml"
_MACRO_MARKS = ("macroEnabled", "vbaProject")


class TemplateBroken(Exception):
    """A template that cannot be rendered; `detail` is the engine's short message."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def default_template(name: DocName, lang: str) -> bytes:
    return (
        resources.files("bot.formats.documents")
        .joinpath(f"templates/{lang}/{name.value}.docx")
        .read_bytes()
    )


def deterministic(doc: DocxDocument) -> None:
    props = doc.core_properties
    props.author = props.last_modified_by = ""
    props.created = props.modified = props.last_printed = FIXED
    props.revision = 1


def normalized_zip(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01, deflated, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _environment() -> SandboxedEnvironment:
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True)


def render(template: bytes, context: dict[str, Any]) -> bytes:
    """The drafted .docx; `TemplateBroken` when the template cannot be rendered."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        doc = DocxTemplate(io.BytesIO(template))
        doc.render(context, jinja_env=_environment(), autoescape=True)
        deterministic(doc.docx)
        out = io.BytesIO()
        doc.save(out)
    except (TemplateError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise TemplateBroken(
            str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        ) from exc
    except Exception as exc:  # lxml's XMLSyntaxError and friends: the template's XML is broken
        raise TemplateBroken(type(exc).__name__) from exc
    return normalized_zip(out.getvalue())


@dataclass
class TemplateCheck:
    """Why an uploaded template was refused (all empty: accepted)."""

    problems: list[str] = field(default_factory=list)  # catalog key suffixes
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    broken: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.problems or self.unknown or self.missing or self.broken)


def check_container(data: bytes) -> list[str]:
    """Size, zip, Word main part, macros: the checks before the template is parsed."""
    if len(data) > MAX_TEMPLATE_BYTES:
        return ["too_big"]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, ValueError):
        return ["not_docx"]
    if _MAIN_PART not in names:
        return ["not_docx"]
    if any(n.lower().endswith("vbaproject.bin") for n in names) or any(
        mark in types for mark in _MACRO_MARKS
    ):
        return ["macros"]
    return []


def placeholders(data: bytes) -> set[str]:
    """The top-level names a template uses (loop variables excluded)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        doc = DocxTemplate(io.BytesIO(data))
        doc.init_docx()
        return set(doc.get_undeclared_template_variables(jinja_env=_environment()))
    except TemplateError as exc:
        raise TemplateBroken(str(exc).splitlines()[0][:200]) from exc
    except Exception as exc:
        raise TemplateBroken(type(exc).__name__) from exc


def check_template(
    data: bytes, known: frozenset[str], required: frozenset[str], sample: dict[str, Any]
) -> TemplateCheck:
    """Every reason to refuse `data` as a template; a trial render with `sample` data last."""
    found = TemplateCheck(problems=check_container(data))
    if found.problems:
        return found
    try:
        used = placeholders(data)
    except TemplateBroken as exc:
        found.broken = exc.detail
        return found
    found.unknown = sorted(used - known)
    found.missing = sorted(required - used)
    if found.ok:
        try:
            render(data, sample)
        except TemplateBroken as exc:
            found.broken = exc.detail
    return found
