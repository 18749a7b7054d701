"""/scale with a scale at the limits: long titles and guidance, many sections, many errors."""

from __future__ import annotations

import re

from bot.i18n import plain_text
from bot.usecases import scale as scales
from tests.flows.conftest import ADMIN, CAROL, Harness
from tests.flows.year_setup import make_bloc, open_year
from views.scale import render_overview, render_part

LIMIT = 4096


def _wordy(sections: int, per_section: int, title: int, guidance: int) -> bytes:
    """A valid scale whose texts are as long as the schema allows."""
    lines = ['name: "Thang điểm dài"', "sections:"]
    for s in range(sections):
        lines += [f'  - code: "S{s}"', f'    title: "{"Mục & <b> " * (title // 10)}"']
        lines.append("    criteria:")
        for c in range(per_section):
            lines.append(
                f'      - {{code: "S{s}.{c}", title: "{"Tiêu chí 😀 " * (title // 12)}",'
                f' max: 1, guidance: "{"Hướng dẫn & " * (guidance // 12)}"}}'
            )
    return "\n".join(lines).encode()


async def _current(bot: Harness) -> scales.Current:
    bloc = await bot.services.blocs.by_chat(bot.group)
    assert bloc is not None
    return await scales.current(bot.services, bloc)


async def test_a_wordy_scale_pages_stay_under_telegrams_limit(bot: Harness) -> None:
    await make_bloc(bot)
    await open_year(bot)
    [proposal] = await bot.send_file(
        bot.group, ADMIN, "dai.yaml", _wordy(2, 40, 480, 990), caption="/scale"
    )
    assert "✅" in proposal.button_texts()[0]
    await bot.press(bot.group, ADMIN, text="✅")
    [overview] = await bot.say(bot.group, CAROL, "/scale")
    await bot.press(bot.group, CAROL, message_id=overview.message_id, text="S1")
    assert "Tiêu chí 😀" in overview.text and "Hướng dẫn &" in overview.text
    await bot.press(bot.group, CAROL, message_id=overview.message_id, text="▶️")
    assert "2/" in " ".join(overview.button_texts())
    # Every page (a pure rendering; the group's edit rate would make pressing through slow).
    cur, tx = await _current(bot), bot.services.catalog.for_lang("vi")
    pages = {render_part(tx, cur, "1", n)[0] for n in range(100)}
    assert len(pages) >= 20 and all(len(plain_text(p)) <= LIMIT for p in pages)
    assert "S1.39" in render_part(tx, cur, "1", 99)[0]


async def test_a_scale_of_200_sections_is_shown_page_by_page(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    await open_year(bot)
    [proposal] = await bot.send_file(
        bot.group, ADMIN, "rong.yaml", _wordy(199, 1, 480, 0), caption="/scale"
    )
    assert len(proposal.text) <= LIMIT and "✅" in proposal.button_texts()[0]
    assert re.search(r"… and \d+ more sections\n", proposal.text)
    await bot.press(bot.group, ADMIN, text="✅")
    [overview] = await bot.say(bot.group, CAROL, "/scale")
    assert len(overview.text) <= LIMIT and "S0" in overview.button_texts()
    await bot.press(bot.group, CAROL, message_id=overview.message_id, text="▶️")
    assert "S0" not in overview.button_texts()
    cur, tx = await _current(bot), bot.services.catalog.for_lang("en")
    last = render_overview(tx, cur, 1000)
    for n in range(40):
        text, markup = render_overview(tx, cur, n)
        assert len(plain_text(text)) <= LIMIT
        assert sum(len(row) for row in markup.inline_keyboard) <= 100
    codes = [b.text for row in last[1].inline_keyboard for b in row]
    assert "S198" in codes
    part, back = render_part(tx, cur, "198", 0)
    assert plain_text(part).splitlines()[0].endswith(" — 1 point")  # not "1 points"
    data = back.inline_keyboard[-1][0].callback_data
    assert isinstance(data, str)
    page = int(data.rsplit(":", 1)[1])
    assert render_overview(tx, cur, page)[0] == last[0]


async def test_a_file_with_hundreds_of_errors_comes_back_readable(bot: Harness) -> None:
    await make_bloc(bot, language="en")
    await open_year(bot)
    lines = ['name: "Bad"', "sections:", '  - code: "I"', '    title: "One"', "    criteria:"]
    lines += [f'      - {{code: "C{n}", title: "T", max: -1}}' for n in range(190)]
    answers = await bot.send_file(
        bot.group, ADMIN, "bad.yaml", "\n".join(lines).encode(), caption="/scale"
    )
    assert all(len(m.text) <= LIMIT for m in answers)
    assert "190" in answers[0].text
