"""Replacing a template, the refusals (not a docx, over 5 MB, macros, unknown or missing
names, broken rendering, a non-admin), what is missing before data exists, and the command
line."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from bot.__main__ import main
from bot.actor import Actor
from bot.bench_export import START
from bot.clock import MovableClock
from bot.domain.documents import DocName
from bot.errors import BadInput, Conflict, NotAllowed, UserFacingError
from bot.formats.documents.render import default_template
from bot.registry import Registry
from bot.services import Services
from bot.settings import Settings
from bot.usecases import documents
from storage.db import Database
from storage.documents import DocumentRepo
from tests.documents.year import ACTOR, ADMIN, LETTERHEAD, OUTSIDER, Year, full_year


@pytest.fixture
async def year(db: Database) -> AsyncIterator[Year]:
    clock = MovableClock(START)
    yield await full_year(Services.create(Settings(), db, clock, Registry([])), clock)


def _edited(name: DocName, extra: str) -> bytes:
    doc = Document(io.BytesIO(default_template(name, "vi")))
    doc.paragraphs[0].insert_paragraph_before(extra)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


async def _refused(year: Year, data: bytes, key: str, actor: Actor = ACTOR) -> UserFacingError:
    with pytest.raises(UserFacingError) as raised:
        await documents.replace_template(
            year.services, actor, year.seeded.bloc, DocName.PROPOSAL, "vi", data
        )
    assert raised.value.key == key
    assert await DocumentRepo(year.services.db).replaced(year.seeded.bloc.id) == set()
    return raised.value


async def test_a_replaced_template_is_used_for_the_next_draft(year: Year) -> None:
    bloc = year.seeded.bloc
    current = await documents.current_template(
        year.services,
        ACTOR,
        bloc,
        DocName.PROPOSAL,
        "vi",
    )
    assert current.body == default_template(DocName.PROPOSAL, "vi")
    mine = _edited(DocName.PROPOSAL, "LOGO CỦA KHỐI – năm {{ year }} – {{ bloc_name }}")
    await documents.replace_template(year.services, ACTOR, bloc, DocName.PROPOSAL, "vi", mine)
    sent = await documents.current_template(year.services, ACTOR, bloc, DocName.PROPOSAL, "vi")
    assert sent.body == mine
    drafted = await documents.draft(year.services, ACTOR, bloc, DocName.PROPOSAL, "vi")
    first = Document(io.BytesIO(drafted.body)).paragraphs[0].text
    assert first == "LOGO CỦA KHỐI – năm 2027 – Khối thi đua các KCN, KKT phía Nam"
    english = await documents.draft(year.services, ACTOR, bloc, DocName.PROPOSAL, "en")
    assert "LOGO" not in Document(io.BytesIO(english.body)).paragraphs[0].text


async def test_templates_that_are_refused_change_nothing(year: Year) -> None:
    await _refused(year, b"not a word file", "documents.template_not_docx")
    await _refused(year, b"PK" + b"\0" * (5 * 1024 * 1024), "documents.template_too_big")
    macro = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(default_template(DocName.PROPOSAL, "vi"))) as source,
        zipfile.ZipFile(macro, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\0macro")
    await _refused(year, macro.getvalue(), "documents.template_macros")
    names = await _refused(
        year, _edited(DocName.PROPOSAL, "{{ votes_for_whom }}"), "documents.template_names"
    )
    assert names.params == {"unknown": "votes_for_whom", "missing": "—"}
    bare = Document()
    bare.add_paragraph("{{ issuing_body }} {{ place_date }} {{ hacker }}")
    out = io.BytesIO()
    bare.save(out)
    names = await _refused(year, out.getvalue(), "documents.template_names")
    assert names.params == {"unknown": "hacker", "missing": "signer_name, titles"}
    broken = await _refused(
        year, _edited(DocName.PROPOSAL, "{{ year ) }}"), "documents.template_broken"
    )
    assert broken.params["detail"]
    await _refused(
        year, _edited(DocName.PROPOSAL, "{{ year.__class__.__mro__ }}"), "documents.template_broken"
    )
    await _refused(year, _edited(DocName.PROPOSAL, "x"), "rights.admin_only_named", OUTSIDER)
    assert await DocumentRepo(year.services.db).replaced(year.seeded.bloc.id) == set()


async def test_non_admins_get_nothing(year: Year) -> None:
    bloc, services = year.seeded.bloc, year.services
    for call in (
        documents.overview(services, OUTSIDER, bloc),
        documents.draft(services, OUTSIDER, bloc, DocName.SCORES, "vi"),
        documents.current_template(services, OUTSIDER, bloc, DocName.SCORES, "vi"),
        documents.save_settings(services, OUTSIDER, bloc, LETTERHEAD),
        documents.save_meeting(services, OUTSIDER, bloc, date(2027, 12, 1), "X", []),
    ):
        with pytest.raises(NotAllowed) as raised:
            await call
        assert raised.value.key == "rights.admin_only_named"


async def test_what_is_missing_before_the_data_exists(db: Database) -> None:
    clock = MovableClock(START)
    services = Services.create(Settings(), db, clock, Registry([]))
    bloc = await services.blocs.create(
        chat_id=-5,
        name="Khối",
        language="vi",
        timezone="Asia/Ho_Chi_Minh",
        by=ADMIN,
        now=clock.now(),
    )
    await services.blocs.add_admin(bloc.id, ADMIN, added_by=ADMIN, now=clock.now())
    with pytest.raises(UserFacingError) as raised:
        await documents.overview(services, ACTOR, bloc)
    assert raised.value.key == "year.none_next"  # the rule every read of a year follows
    await services.years.open(bloc.id, 2027, by=ADMIN, now=clock.now())
    found = await documents.overview(services, ACTOR, bloc)
    assert found.settings is None
    # With no letterhead yet every document lacks it too (no 📄 without it).
    assert {n: [m.value for m in ms] for n, ms in found.ready.items()} == {
        DocName.COUNT_LEADERS: ["leader_vote", "settings"],
        DocName.COUNT_BINHXET: ["binhxet", "settings"],
        DocName.MEETING: ["binhxet", "yearend_scores", "meeting", "settings"],
        DocName.PROPOSAL: ["binhxet", "yearend_scores", "settings"],
        DocName.SCORES: ["yearend_scores", "settings"],
        DocName.REPORT: ["settings"],
    }
    with pytest.raises(Conflict) as refused:
        await documents.draft(services, ACTOR, bloc, DocName.PROPOSAL, "vi")
    text = services.catalog.t("vi", refused.value.key, **refused.value.params)
    assert text == (
        "Chưa thể lập Tờ trình đề nghị khen thưởng: chưa tổ chức bình xét; chưa có"
        " đơn vị nào nộp bản tự chấm điểm tổng kết năm."
    )
    with pytest.raises(Conflict) as no_settings:
        await documents.draft(services, ACTOR, bloc, DocName.REPORT, "vi")
    assert no_settings.value.key == "documents.no_settings"
    with pytest.raises(BadInput) as bad:
        await documents.save_settings(
            services,
            ACTOR,
            bloc,
            {**LETTERHEAD, "signer_name": " ", "recipients": []},
        )
    assert bad.value.params == {"lines": "5, 7"}
    await documents.save_settings(services, ACTOR, bloc, LETTERHEAD)
    skeleton = await documents.draft(services, ACTOR, bloc, DocName.REPORT, "vi")
    text = "\n".join(p.text for p in Document(io.BytesIO(skeleton.body)).paragraphs)
    assert "Chưa có số liệu." in text and "ngày …… tháng …… năm 2027" in "".join(
        c.text for c in Document(io.BytesIO(skeleton.body)).tables[0].rows[0].cells
    )


async def test_the_command_line_writes_every_document(
    year: Year, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "BOT_LANGUAGE", "BOT_TIMEZONE", "TELEGRAM_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "bot.sqlite3"))
    out = tmp_path / "out"
    args = ["documents", "--bloc", str(year.seeded.bloc.id), "--year", "2027", "--out", str(out)]
    assert await asyncio.to_thread(main, args) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n.value}-2027.docx" for n in DocName)
    assert "Đã ghi 6 văn bản vào" in capsys.readouterr().out
    drafted = await documents.draft(year.services, ACTOR, year.seeded.bloc, DocName.SCORES, "vi")
    assert (out / "bangdiem-2027.docx").read_bytes() == drafted.body
