"""The ranking chart /export posts (QA year-end, item 10): units the bloc excluded and units that
did not submit are named apart, and every bar's label tells its unit apart (its code and the
distinctive end of its name, not the "Ban Quản lý Khu kinh tế…" every unit starts with)."""

from __future__ import annotations

from matplotlib.text import Text

from bot.formats.chart_png import draw_ranking, ranking_png
from bot.usecases.results import year_report
from tests.flows.conftest import ADMIN, Harness
from tests.flows.results_kit import current_scale, submit_midyear
from tests.flows.test_results_flow import CASTS, _scene


async def test_the_chart_names_excluded_and_missing_units_apart(bot: Harness) -> None:
    bloc, _ = await _scene(bot, CASTS["vi"])  # DLK, DNG, GLI and KTM submitted
    now = bot.clock.now()
    await bot.services.units.add(bloc.id, "PYN", "Ban Quản lý Khu kinh tế tỉnh Phú Yên", now)
    await bot.services.units.add(bloc.id, "QNG", "Ban Quản lý Khu kinh tế tỉnh Quảng Ngãi", now)
    await submit_midyear(bot, bloc, "PYN", await current_scale(bot, bloc), {"1.1": "8"})
    await bot.say(bot.group, ADMIN, "/review midyear")  # KTM excluded; QNG never submitted
    await bot.press(ADMIN, ADMIN, text="KTM")
    await bot.press(ADMIN, ADMIN, text="⛔")
    await bot.say(ADMIN, ADMIN, "Đơn vị đang bị thanh tra")
    await bot.press(ADMIN, ADMIN, text="✅")
    await bot.say(bot.group, ADMIN, "/export")
    await bot.press(bot.group, ADMIN, text="Gửi vào nhóm")
    [chart] = [m.document[1] for m in bot.emu.bot_messages(bot.group) if m.document][1:]

    year = await bot.services.years.current(bloc.id)
    assert year is not None
    report = await year_report(bot.services, bloc, year)
    assert ranking_png(report, bot.services.catalog, "vi") == chart  # what the group got
    figure = draw_ranking(report, bot.services.catalog, "vi")
    shown = list(dict.fromkeys(t.get_text() for t in figure.findobj(Text) if t.get_text().strip()))
    footer = next(t for t in shown if "Không xếp hạng" in t)
    assert footer.splitlines() == ["Không xếp hạng: KTM", "Chưa nộp bản tự chấm điểm: QNG"]
    labels = [t for t in shown if " — " in t and t[0].isdigit()]
    names = [label.split(" — ", 1)[1] for label in labels]
    assert len(labels) == 4 and len(set(names)) == 4, labels
    assert any(label.startswith("3. GLI — ") and "Gia Lai" in label for label in labels), labels
    assert any(label.startswith("3. PYN — ") and "Phú Yên" in label for label in labels), labels
