"""Build the default templates: `python -m bot.formats.documents.make_templates`.

Writes `bot/formats/documents/templates/<lang>/<name>.docx` for every document and language,
with python-docx, in the layout of `layout.py`, the wording of the `documents` catalog
(`tpl_*` keys) and the docxtpl placeholders of `context.py`. The generated files are committed
and shipped as package data; run this again after changing the wording or the layout.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument

from bot.domain.documents import DocName
from bot.formats.documents import layout as L
from bot.formats.documents.render import deterministic, normalized_zip
from bot.i18n import Catalog

LANGS = ("vi", "en")
TEMPLATES = Path(__file__).resolve().parent / "templates"

Word = Callable[..., str]


def _start(
    w: Word, kind: str, summary: str, *, numbered: bool = True, wide: bool = False
) -> DocxDocument:
    doc = Document()
    L.page(doc, landscape=wide)
    L.header(
        doc, (w("tpl_nation"), w("tpl_motto")), numbered=numbered, number_label=w("tpl_number")
    )
    L.title(doc, kind, summary)
    return doc


def _minutes_signatures(doc: DocxDocument, w: Word) -> None:
    L.signatures(
        doc,
        [(w("tpl_secretary"), True), (w("tpl_sign_hint"), False), ("", False), ("", False),
         ("……………………………", False)],
        [(w("tpl_chair"), True), (w("tpl_sign_hint"), False), ("", False), ("", False),
         ("{{ signer_name }}", True)],
    )  # fmt: skip


def _vote_frame(doc: DocxDocument, w: Word, item: str) -> None:
    """The lines both kinds of minutes state about one vote (item: the loop variable)."""
    L.para(doc, "{{ " + item + ".name }}", bold=True)
    L.para(doc, w("tpl_times", opened="{{ " + item + ".opened }}", opened_by="{{ " + item
                  + ".opened_by }}", closed="{{ " + item + ".closed }}",
                  closed_by="{{ " + item + ".closed_by }}"), align=L.JUSTIFY)  # fmt: skip
    L.para(doc, w("tpl_counts", **{k: "{{ " + item + "." + k + " }}" for k in
                                   ("roll", "issued", "received", "turnout", "valid", "invalid")}),
           align=L.JUSTIFY)  # fmt: skip
    L.para(doc, w("tpl_rules"), italic=True)
    L.loop(doc, "for rule in " + item + ".rules")
    L.para(doc, "- {{ rule }}", align=L.JUSTIFY)
    L.loop(doc, "endfor")


def count_leaders(w: Word) -> DocxDocument:
    # titled by what was elected: the head, the deputy, or both
    summary = w("tpl_count_leaders_summary", roles="{{ leader_roles }}", year="{{ next_year }}")
    doc = _start(w, w("tpl_minutes"), summary)
    L.para(doc, w("tpl_count_intro"), align=L.JUSTIFY)
    L.loop(doc, "for e in elections")
    _vote_frame(doc, w, "e")
    L.loop(doc, "if e.counted")  # a void vote was not counted: no count to show
    L.para(doc, w("tpl_abstentions", count="{{ e.abstentions }}"))
    L.data_table(doc, [w("tpl_col_no"), w("tpl_col_unit"), w("tpl_col_votes"), w("tpl_col_share")],
                 ["{{ c.no }}", "{{ c.unit }}", "{{ c.votes }}", "{{ c.share }}"],
                 "c in e.votes", [15, 95, 25, 25])  # fmt: skip
    L.loop(doc, "endif")
    L.para(doc, w("tpl_result", text="{{ e.outcome }}"), bold=True, align=L.JUSTIFY)
    L.para(doc, "{{ e.receipts_line }}", italic=True)
    L.loop(doc, "endfor")
    L.para(doc, w("tpl_secret_note"), italic=True, align=L.JUSTIFY)
    _minutes_signatures(doc, w)
    return doc


def count_binhxet(w: Word) -> DocxDocument:
    doc = _start(w, w("tpl_minutes"), w("tpl_count_binhxet_summary", year="{{ year }}"))
    L.para(doc, w("tpl_count_intro"), align=L.JUSTIFY)
    L.loop(doc, "for v in votes")
    _vote_frame(doc, w, "v")
    L.loop(doc, "for t in v.titles")
    L.para(doc, "{{ t.line }}", bold=True, align=L.JUSTIFY)
    L.loop(doc, "if v.counted")  # a void vote was not counted: no approvals to show
    L.data_table(doc, [w("tpl_col_rank"), w("tpl_col_unit"), w("tpl_col_approvals"),
                       w("tpl_col_share"), w("tpl_col_standing")],
                 ["{{ r.rank }}", "{{ r.unit }}", "{{ r.approvals }}", "{{ r.share }}",
                  "{{ r.standing }}"], "r in t.rows", [15, 70, 25, 20, 35])  # fmt: skip
    L.para(doc)
    L.loop(doc, "endif")
    L.loop(doc, "endfor")
    L.para(doc, w("tpl_results"), bold=True)
    L.loop(doc, "for line in v.outcome")
    L.para(doc, "- {{ line }}", align=L.JUSTIFY)
    L.loop(doc, "endfor")
    L.para(doc, "{{ v.receipts_line }}", italic=True)
    L.loop(doc, "endfor")
    L.para(doc, w("tpl_secret_note"), italic=True, align=L.JUSTIFY)
    _minutes_signatures(doc, w)
    return doc


def _ranking_table(doc: DocxDocument, w: Word) -> None:
    L.data_table(doc, [w("tpl_col_rank"), w("tpl_col_unit"), w("tpl_col_self"),
                       w("tpl_col_final"), w("tpl_col_note")],
                 ["{{ r.rank }}", "{{ r.unit }}", "{{ r.self_total }}", "{{ r.total }}",
                  "{{ r.note }}"], "r in ranking", [15, 70, 25, 25, 30])  # fmt: skip


def _bullets(doc: DocxDocument, over: str, empty: str) -> None:
    L.loop(doc, f"for line in {over}")
    L.para(doc, "- {{ line }}", align=L.JUSTIFY)
    L.loop(doc, "else")
    L.para(doc, empty, italic=True)
    L.loop(doc, "endfor")


def meeting(w: Word) -> DocxDocument:
    doc = _start(w, w("tpl_minutes"), w("tpl_meeting_summary", year="{{ year }}"))
    L.para(doc, w("tpl_meeting_when", date="{{ meeting_date }}"), align=L.JUSTIFY)
    L.para(doc, w("tpl_meeting_where", place="{{ meeting_place }}"), align=L.JUSTIFY)
    L.para(doc, w("tpl_meeting_present", count="{{ present_count }}", total="{{ unit_count }}"))
    L.loop(doc, "for u in present")
    L.para(doc, "- {{ u }}")
    L.loop(doc, "endfor")
    L.para(doc, w("tpl_meeting_chair", name="{{ signer_name }}"))
    L.para(doc, w("tpl_meeting_secretary"))
    L.para(doc, w("tpl_meeting_content"), bold=True)
    L.para(doc, w("tpl_meeting_part1", year="{{ year }}"), bold=True)
    _ranking_table(doc, w)
    L.para(doc, w("tpl_meeting_part2"), bold=True)
    _bullets(doc, "binhxet", w("tpl_no_data"))
    L.para(doc, w("tpl_meeting_part3"), bold=True)
    L.para(doc, w("tpl_meeting_agreed"), align=L.JUSTIFY)
    _bullets(doc, "proposals", w("tpl_no_proposals"))
    L.para(doc, w("tpl_meeting_other"), bold=True)
    L.para(doc, "……………………………………………………………………………………………")
    L.para(doc, w("tpl_meeting_end"), align=L.JUSTIFY)
    _minutes_signatures(doc, w)
    return doc


def _signer() -> list[tuple[str, bool]]:
    return [("{{ signer_title }}", True), ("", False), ("", False), ("", False),
            ("{{ signer_name }}", True)]  # fmt: skip


def proposal(w: Word) -> DocxDocument:
    doc = _start(w, w("tpl_proposal"), w("tpl_proposal_summary", year="{{ year }}"))
    L.para(doc, w("tpl_to", addressee="{{ addressee }}"), align=L.CENTER)
    # the bloc's name as written (not the letterhead's capitals) inside the sentence
    L.para(doc, w("tpl_proposal_intro", year="{{ year }}", body="{{ bloc_name }}",
                  addressee="{{ addressee }}"), align=L.JUSTIFY)  # fmt: skip
    L.loop(doc, "for t in titles")
    L.para(doc, w("tpl_proposal_title", no="{{ t.no }}", title="{{ t.name }}",
                  count="{{ t.count }}"), bold=True)  # fmt: skip
    L.loop(doc, "if t.units")
    L.data_table(doc, [w("tpl_col_no"), w("tpl_col_unit"), w("tpl_col_final"), w("tpl_col_rank")],
                 ["{{ u.no }}", "{{ u.unit }}", "{{ u.total }}", "{{ u.rank }}"],
                 "u in t.units", [15, 95, 25, 25])  # fmt: skip
    L.loop(doc, "endif")
    L.loop(doc, "if t.pending")  # a seat still tied: the letter is not complete
    L.para(doc, "{{ t.pending }}", italic=True, align=L.JUSTIFY)
    L.loop(doc, "endif")
    L.para(doc)
    L.loop(doc, "endfor")
    L.para(doc, w("tpl_proposal_attached"), italic=True, align=L.JUSTIFY)
    L.para(doc, w("tpl_proposal_end", addressee="{{ addressee }}"), align=L.JUSTIFY)
    L.recipients_and_signer(doc, w("tpl_recipients"), [(w("tpl_on_behalf"), True), *_signer()])
    return doc


def scores(w: Word) -> DocxDocument:
    doc = _start(w, w("tpl_scores"), w("tpl_scores_summary", year="{{ year }}"),
                 numbered=False, wide=True)  # fmt: skip
    L.para(doc, w("tpl_scores_note", max="{{ max_total }}"), italic=True, align=L.CENTER)
    L.data_table(doc, [w("tpl_col_no"), w("tpl_col_code"), w("tpl_col_unit"), w("tpl_col_self"),
                       w("tpl_col_criteria"), w("tpl_col_bonus"), w("tpl_col_deductions"),
                       w("tpl_col_extras"), w("tpl_col_final"), w("tpl_col_rank"),
                       w("tpl_col_note")],
                 ["{{ r.no }}", "{{ r.code }}", "{{ r.unit }}", "{{ r.self_total }}",
                  "{{ r.criteria }}", "{{ r.bonus }}", "{{ r.deductions }}", "{{ r.extras }}",
                  "{{ r.total }}", "{{ r.rank }}", "{{ r.note }}"],
                 "r in rows", [12, 20, 60, 20, 20, 18, 18, 20, 22, 14, 28])  # fmt: skip
    L.recipients_and_signer(doc, w("tpl_recipients"), [(w("tpl_on_behalf"), True), *_signer()])
    return doc


def _blank_section(doc: DocxDocument, heading: str, hint: str) -> None:
    L.para(doc, heading, bold=True)
    L.para(doc, hint, italic=True, align=L.JUSTIFY)
    for _ in range(3):
        L.para(doc, "……………………………………………………………………………………………")


def report(w: Word) -> DocxDocument:
    doc = _start(w, w("tpl_report"), w("tpl_report_summary", year="{{ year }}"))
    L.para(doc, w("tpl_report_part1"), bold=True)
    L.para(doc, w("tpl_report_units", count="{{ unit_count }}"), align=L.JUSTIFY)
    L.data_table(doc, [w("tpl_col_no"), w("tpl_col_code"), w("tpl_col_unit"), w("tpl_col_role")],
                 ["{{ u.no }}", "{{ u.code }}", "{{ u.name }}", "{{ u.role }}"],
                 "u in units", [15, 25, 90, 30])  # fmt: skip
    L.para(doc, w("tpl_report_part2", year="{{ year }}"), bold=True)
    L.para(doc, w("tpl_report_pledges", count="{{ pledge_count }}"), bold=True)
    L.loop(doc, "if pledges")  # no pledge yet: said so, as the other sections do, no empty table
    L.data_table(doc, [w("tpl_col_title"), w("tpl_col_units")], ["{{ p.title }}", "{{ p.count }}"],
                 "p in pledges", [120, 40])  # fmt: skip
    L.loop(doc, "else")
    L.para(doc, w("tpl_no_data"), italic=True)
    L.loop(doc, "endif")
    L.para(doc, w("tpl_report_ranking"), bold=True)
    L.loop(doc, "if ranking")
    _ranking_table(doc, w)
    L.loop(doc, "else")
    L.para(doc, w("tpl_no_data"), italic=True)
    L.loop(doc, "endif")
    L.para(
        doc, w("tpl_report_leaders", roles="{{ leader_roles }}", year="{{ next_year }}"), bold=True
    )
    _bullets(doc, "leaders", w("tpl_no_data"))
    L.para(doc, w("tpl_report_binhxet"), bold=True)
    _bullets(doc, "proposals", w("tpl_no_data"))
    _blank_section(doc, w("tpl_report_part3"), w("tpl_report_part3_hint"))
    _blank_section(doc, w("tpl_report_part4", year="{{ next_year }}"), w("tpl_report_part4_hint"))
    _blank_section(doc, w("tpl_report_part5"), w("tpl_report_part5_hint"))
    L.recipients_and_signer(doc, w("tpl_recipients"), [(w("tpl_on_behalf"), True), *_signer()])
    return doc


BUILD: dict[DocName, Callable[[Word], DocxDocument]] = {
    DocName.COUNT_LEADERS: count_leaders,
    DocName.COUNT_BINHXET: count_binhxet,
    DocName.MEETING: meeting,
    DocName.PROPOSAL: proposal,
    DocName.SCORES: scores,
    DocName.REPORT: report,
}


def build(name: DocName, catalog: Catalog, lang: str) -> bytes:
    texts = catalog.texts[lang]

    def w(key: str, **params: Any) -> str:
        template = texts["documents." + key]
        return template.format_map(params) if params else template

    doc = BUILD[name](w)
    out = io.BytesIO()
    deterministic(doc)
    doc.save(out)
    return out.getvalue()


def main() -> None:
    catalog = Catalog.load()
    for lang in LANGS:
        folder = TEMPLATES / lang
        folder.mkdir(parents=True, exist_ok=True)
        for name in DocName:
            path = folder / f"{name.value}.docx"
            path.write_bytes(normalized_zip(build(name, catalog, lang)))
            print(path.relative_to(TEMPLATES.parent))


if __name__ == "__main__":
    main()
