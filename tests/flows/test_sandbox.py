"""The offline sandbox, driven by scripted lines as a person at the terminal would type them."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.nudge_times import nudge_times
from bot.domain.reminders import ReminderSettings
from bot.sandbox import log_of, run_sandbox, sandbox_logging
from bot.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


async def _lines(*lines: str) -> AsyncIterator[str]:
    for line in lines:
        yield line


async def _run(tmp_path: Path, lang: str, *lines: str, **how: bool) -> str:
    out: list[str] = []
    settings = load_settings(_env_file=None, DATABASE_PATH=tmp_path / "bot.sqlite3")
    code = await run_sandbox(settings, lang=lang, lines=_lines(*lines), out=out.append, **how)
    assert code == 0
    return "\n".join(out)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            [
                "Chế độ chạy thử",
                "Xin chào",
                "Anh/Chị là cán bộ đầu mối của",
                "DLK",
                "Không có người",
            ],
        ),
        ("en", ["sandbox", "Hello", "You are the delegate of", "DLK", "No such person"]),
    ],
)
async def test_sandbox_walks_start_help_lang_me(
    tmp_path: Path, lang: str, expected: list[str]
) -> None:
    text = await _run(
        tmp_path, lang, "/help", ":as Lan", ":private", "/start", "/me", ":as Zed", ":quit"
    )
    for fragment in expected:
        assert fragment in text, fragment


async def test_sandbox_keeps_its_data_between_runs_one_database_per_language(
    tmp_path: Path,
) -> None:
    await _run(tmp_path, "vi", ":as 3", ":private", "/lang en")
    text = await _run(tmp_path, "vi", ":as 3", ":private", "/me")
    assert "You are the delegate of" in text and "DNG" in text
    english = await _run(tmp_path, "en", "/units")
    assert "Member units of" in english  # the English sandbox has its own, English, group
    assert (tmp_path / "sandbox-vi.sqlite3").exists() and (tmp_path / "sandbox-en.sqlite3").exists()


@pytest.mark.parametrize(
    ("lang", "alert", "stale"),
    [
        # an alert (over 60 characters: it names the admins)
        ("vi", "⚠️ Hộp thông báo: Chỉ quản trị Khối", "Không tìm thấy tin nhắn #99"),
        ("en", "⚠️ Alert: Only bloc admins", "No message #99"),
    ],
)
async def test_presses_name_a_message_and_their_answers_are_printed(
    tmp_path: Path, lang: str, alert: str, stale: str
) -> None:
    both = ("/titles add Một", "/titles add Hai")
    text = await _run(tmp_path, lang, *both, ":buttons", ":as Mai", "#1", ":as Hùng", "#99.1")
    assert alert in text  # Mai's press is refused in a pop-up the terminal shows
    assert stale in text
    first, second = _numbers(text, "Một"), _numbers(text, "Hai")
    assert f"#{first} " in text and f"#{second} " in text  # :buttons lists both confirmations
    # the same start again, and this time the older confirmation is pressed by its number
    pressed = await _run(tmp_path, lang, *both, f"#{first}.1", "/titles", fresh=True)
    listing = pressed.split("── ")[-1]
    assert "Một" in listing and "Hai" not in listing


def _numbers(text: str, title: str) -> int:
    """The number `#N` of the confirmation that names `title`."""
    for block in text.split("── "):
        if title in block and "·" in block:
            return int(block.split("#", 1)[1].split()[0])
    raise AssertionError(title)


@pytest.mark.parametrize(("lang", "role"), [("vi", "quản trị Khối"), ("en", "bloc admin")])
async def test_reply_to_a_person_and_who_shows_roles_now(
    tmp_path: Path, lang: str, role: str
) -> None:
    text = await _run(
        tmp_path, lang, ":as Lan", "xin chào", ":as Hùng", ":reply Lan /admin add", "#1", ":who"
    )
    who = text.rsplit("2. Lan", 1)[1].splitlines()[0]
    assert role in who and "DLK" in who
    unknown = await _run(tmp_path, lang, ":reply Zed hello", ":reply #999 hello")
    assert unknown.count("#999") == 1 and ("Zed" in unknown)


async def test_fresh_starts_over_and_no_sample_lets_setup_be_tried(tmp_path: Path) -> None:
    await _run(tmp_path, "en", "/titles add Kept", "#1")
    kept = await _run(tmp_path, "en", "/titles")
    assert "Kept" in kept
    fresh = await _run(tmp_path, "en", "/titles", fresh=True)
    assert "Kept" not in fresh and "Member units" not in fresh
    empty = await _run(tmp_path, "en", "/units", "/setup Trial bloc", ":who", sample=False)
    # the banner fits the mode: no sample bloc to play in, /setup comes first (QA wording)
    banner = empty.split("\n1. Hùng")[0]
    assert "sample bloc:" not in banner and "Lan of DLK" not in banner
    assert "is not an emulation bloc yet" in banner and "type /setup in the group" in banner
    assert "--no-sample always starts over" in banner and "is kept in" not in banner
    assert "not registered as an emulation bloc" in empty
    assert "This group is now registered as Trial bloc" in empty
    assert "1. Hùng (@hung_thuky) — administrator of the Telegram group; bloc admin" in empty


@pytest.mark.parametrize(
    ("lang", "private", "closed", "back", "usage", "nothing"),
    [
        (
            "vi",
            "Tin nhắn riêng với Lan",
            "Đã hết thời hạn",
            "chỉ tiến lên",
            "Cách dùng: :time",
            "Lịch của bot đang trống",
        ),
        (
            "en",
            "Private chat with Lan",
            "Deadline passed",
            "only moves forward",
            "Usage: :time",
            "Nothing is on the bot's schedule",
        ),
    ],
)
async def test_time_moves_forward_and_what_falls_due_arrives_where_it_goes(
    tmp_path: Path,
    lang: str,
    private: str,
    closed: str,
    back: str,
    usage: str,
    nothing: str,
) -> None:
    vietnam = ZoneInfo("Asia/Ho_Chi_Minh")
    due = (datetime.now(UTC) + timedelta(days=10)).astimezone(vietnam)
    later = (datetime.now(UTC) + timedelta(days=12)).astimezone(vietnam)
    deadline = f"/deadline pledge {due:%d/%m/%Y}"
    year = (f"/year {due.year}", "#1", deadline, "#1", ":as Lan", ":private")
    text = await _run(tmp_path, lang, *year, ":time +12d", ":time -1d", ":time 1/1/2001", ":time x")
    before, moved = text.split("════ ⏰", 1)
    assert private not in before  # Lan had heard nothing before the clock moved
    lan = moved.split(f"── {private}", 1)[1].split("── ")[0]
    assert "🔔" in lan and "DLK" in lan  # her reminder, in her private chat, under its time
    assert closed in moved  # and the deadline passed in the group
    assert moved.count(back) == 2 and moved.count(usage) == 1
    kept = await _run(tmp_path, lang, ":time")  # the clock is kept with the sandbox's data
    assert "nudge" not in kept
    assert nothing in kept  # past the deadline and its line nothing is left (no late watch)
    assert f"{later:%d/%m/%Y}" in kept or f"{later + timedelta(days=1):%d/%m/%Y}" in kept
    before_fresh = datetime.now(UTC).astimezone(vietnam)  # either day, should midnight pass
    fresh = await _run(tmp_path, lang, ":time", fresh=True)
    after_fresh = datetime.now(UTC).astimezone(vietnam)
    assert f"{before_fresh:%d/%m/%Y}" in fresh or f"{after_fresh:%d/%m/%Y}" in fresh


async def test_a_cancelled_sandbox_says_goodbye_and_stops(tmp_path: Path) -> None:
    out: list[str] = []
    settings = load_settings(_env_file=None, DATABASE_PATH=tmp_path / "bot.sqlite3")
    waiting = asyncio.Event()

    async def forever() -> AsyncIterator[str]:
        yield "/help"
        waiting.set()
        await asyncio.Event().wait()
        yield ":quit"  # never reached

    task = asyncio.create_task(run_sandbox(settings, lang="en", lines=forever(), out=out.append))
    await asyncio.wait_for(waiting.wait(), 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert out[-1].strip().startswith("Goodbye")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_quits_at_once_without_a_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "BOT_LANGUAGE": "en",
    }
    env.pop("TELEGRAM_BOT_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "sandbox-en.sqlite3").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.5)  # the banner is out and the terminal waits for a line
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert time.monotonic() - started < 10
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Goodbye" in out


def _pledge_due_in(days: int) -> tuple[datetime, tuple[str, ...]]:
    """A pledge deadline `days` from now (17:00, Vietnam) and the lines that set it up."""
    vietnam = ZoneInfo("Asia/Ho_Chi_Minh")
    due = (datetime.now(UTC) + timedelta(days=days)).astimezone(vietnam)
    due = due.replace(hour=17, minute=0, second=0, microsecond=0)
    return due, (f"/year {due.year}", "#1", f"/deadline pledge {due:%d/%m/%Y}", "#1")


@pytest.mark.parametrize(("lang", "registered"), [("vi", "1/11 đơn vị"), ("en", "1/11 units")])
async def test_what_a_press_sent_is_printed_before_the_clock_moves(
    tmp_path: Path, lang: str, registered: str
) -> None:
    _, year = _pledge_due_in(10)
    pledge = (":as Lan", ":private", "/pledge", "#3", "#5", "Cam kết 2027.", "#3", "#1")
    text = await _run(tmp_path, lang, *year, *pledge, ":time +12d", fresh=True)
    before, _ = text.split("════ ⏰", 1)
    assert registered in before  # the group heard of the pledge when it was made, not later


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_moving_exactly_to_a_reminder_shows_its_digest_under_it(
    tmp_path: Path, lang: str
) -> None:
    due, year = _pledge_due_in(10)
    vietnam = ZoneInfo("Asia/Ho_Chi_Minh")
    points = nudge_times(due.astimezone(UTC), ReminderSettings(), vietnam)
    first = next(p for p in points if p.at > datetime.now(UTC)).at.astimezone(vietnam)
    text = await _run(tmp_path, lang, *year, f":time {first:%d/%m/%Y %H:%M}", fresh=True)
    _, moved = text.split("════ ⏰", 1)
    assert moved.count("════ ⏰") == 0  # one moment: the reminders and their digest
    assert "🔔" in moved and "\n⏰ " in moved.split("🔔", 1)[1]  # the group's digest after
    assert f"{first:%d/%m/%Y %H:%M} —" not in moved  # next on the schedule: not that instant


@pytest.mark.parametrize(
    ("lang", "same", "february", "back"),
    [
        ("vi", "đã ở thời điểm đó", "chỉ có 28 ngày", "chỉ tiến lên"),
        ("en", "already there", "has only 28 days", "only moves forward"),
    ],
)
async def test_time_refusals_say_why(
    tmp_path: Path, lang: str, same: str, february: str, back: str
) -> None:
    text = await _run(tmp_path, lang, ":time +0d", ":time 31/02/2099", fresh=True)
    assert same in text and back not in text  # nothing to do is not going backwards
    assert february in text  # as /deadline says it, not only the usage


async def test_a_file_path_with_spaces_needs_no_quotes(tmp_path: Path) -> None:
    """The bot's own files are saved with spaces in their names ("Self-assessment DLK 2027
    Mid-year review.xlsx"): `:file` with that path unquoted answered "File …/Self-assessment
    not found" (qa-regress #9). The longest start of the line that names a file is the path."""
    folder = tmp_path / "sandbox files"
    folder.mkdir()
    roster = folder / "Danh sách đơn vị.yaml"
    roster.write_bytes((ROOT / "bot" / "data" / "roster-sample.yaml").read_bytes())
    text = await _run(
        tmp_path,
        "en",
        f":file {roster} /addunit",
        f':file "{roster}" /addunit',
        f":file {folder}/Missing file.yaml /addunit",
        ":help",
    )
    assert "not found" in text and text.count("not found") == 1
    assert f"File {folder}/Missing file.yaml not found." in text
    assert text.count("Nothing to change: the file has 11 units, all already in the bloc") == 2
    assert "a path may contain spaces" in text


@pytest.mark.parametrize(
    ("lang", "hint"),
    [
        ("vi", "mỗi đơn vị đều có một cán bộ đầu mối"),
        ("en", "every unit has a delegate"),
    ],
)
async def test_every_sample_unit_has_a_delegate_to_play_so_a_vote_can_count(
    tmp_path: Path, lang: str, hint: str
) -> None:
    """With only Lan (DLK) and Minh (DNG) as delegates, 2 of the 11 sample units could vote
    and a head vote (8 of 11 by the 2/3 rule) was always void: the sandbox never showed a
    counted vote. Every unit now has a delegate to play (`:as` by number, name or username)."""
    text = await _run(
        tmp_path,
        lang,
        "/year 2027",
        "#1",
        "/election open head",
        ":who",
        ":as 13",
        ":as Ngọc",
        ":as @thao_lamdong",
        ":help",
    )
    who = text.rsplit("1. Hùng", 1)[1]
    for code in ("BDI", "DNG", "DLK", "DKN", "GLA", "KHA", "KTM", "LDG", "PYN", "QNM", "QNG"):
        assert f" {code} (" in who, code  # ":who": "delegate of BDI (Ban Quản lý …)"
    assert who.count("\n") >= 12  # one line a person: the four first ones, then nine delegates
    assert "2. Lan (@lan_daklak)" in who and "4. Mai (@mai_member)" in who
    vote = next(block for block in text.split("── ") if "🗳" in block)  # the opening screen
    for warning in ("⚠️", "⛔"):  # no unit without a delegate, none out of reach of the quorum
        assert warning not in vote, warning
    assert text.count("Ngọc") >= 2 and "Thảo" in text  # `:as` found them by number and name
    assert hint in text.rsplit(":help", 1)[-1]


@pytest.mark.parametrize(
    ("lang", "sample", "people"),
    [
        ("vi", True, "Anh/Chị đóng vai nhiều người trong một Khối mẫu"),
        ("vi", False, "chưa là Khối thi đua: chưa có đơn vị"),
        ("en", True, "You play several people of a sample bloc"),
        ("en", False, "is not an emulation bloc yet"),
    ],
)
async def test_the_banner_says_where_the_log_is_and_fits_the_mode(
    tmp_path: Path, lang: str, sample: bool, people: str
) -> None:
    out: list[str] = []
    settings = load_settings(_env_file=None, DATABASE_PATH=tmp_path / "bot.sqlite3")
    log = log_of(settings, lang)
    await run_sandbox(
        settings, lang=lang, sample=sample, lines=_lines(":quit"), out=out.append, log_file=log
    )
    banner = out[0]
    assert str(log) in banner and log == tmp_path / f"sandbox-{lang}.log"
    assert people in banner
    other = "Khối mẫu:" if lang == "vi" else "sample bloc:"
    assert (other in banner) is sample


def test_warnings_go_to_the_log_file_and_errors_show_in_the_terminal(tmp_path: Path) -> None:
    """A WARNING among the chat confused a person trying the sandbox; an ERROR must be seen."""
    logger = logging.getLogger("tests.sandbox.logging")  # stands for the root, left alone
    logger.propagate = False
    terminal = io.StringIO()
    console = logging.StreamHandler(terminal)
    logger.addHandler(console)
    log_file = tmp_path / "sandbox-vi.log"
    to_file = sandbox_logging(log_file, logger)
    try:
        logger.info("an update handled")
        logger.warning("flood control on sendMessage to chat 1: wait 3 s")
        logger.error("error while handling update 7")
    finally:
        to_file.close()
        logger.removeHandler(to_file)
        logger.removeHandler(console)
    assert "flood control" not in terminal.getvalue()
    assert "error while handling update 7" in terminal.getvalue()
    written = log_file.read_text(encoding="utf-8")
    assert "WARNING tests.sandbox.logging: flood control" in written
    assert "ERROR tests.sandbox.logging: error while handling update 7" in written
    assert "an update handled" not in written


async def test_the_group_s_and_a_private_copy_of_a_file_are_kept_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export to the group and the admin's private copy have the same file name: one
    overwrote the other in `data/sandbox-files/` (QA qa8 #10). Each chat has its folder."""
    monkeypatch.chdir(tmp_path)
    text = await _run(tmp_path, "en", "/year 2027", "#1", "/export", "#1", "/export", "#2")
    group = Path("data/sandbox-files/group/ket-qua-thi-dua-2027.xlsx")
    private = Path("data/sandbox-files/hung_thuky/ket-qua-thi-dua-2027.xlsx")
    assert f"File saved: {group}" in text and f"File saved: {private}" in text
    assert group.is_file() and private.is_file()


LETTERHEAD = [
    "Cơ quan chủ quản: BỘ TÀI CHÍNH",
    "Cơ quan ban hành: KHỐI THI ĐUA SỐ 1",
    "Địa danh: Đắk Lắk",
    "Chức vụ người ký: TRƯỞNG BAN",
    "Họ tên người ký: Nguyễn Văn Hùng",
    "Ký hiệu: KTĐ",
    "Nơi nhận: Hội đồng Thi đua - Khen thưởng; Lưu: VT",
]


@pytest.mark.parametrize(
    ("lang", "typed", "saved", "banner"),
    [
        # pasted between :multi and :end (a blank line in it does no harm)
        (
            "vi",
            [":multi", *LETTERHEAD[:3], "", *LETTERHEAD[3:], ":end"],
            "✅ Đã lưu thông tin ban hành văn bản.",
            "gõ :multi, dán hoặc gõ các dòng, rồi gõ :end",
        ),
        # one typed line, "\n" between the lines
        (
            "en",
            ["\\n".join(LETTERHEAD)],
            "✅ Document details saved.",
            "type :multi, paste or type the lines, then :end",
        ),
    ],
)
async def test_a_form_of_several_lines_can_be_sent_as_one_message(
    tmp_path: Path, lang: str, typed: list[str], saved: str, banner: str
) -> None:
    """QA: each terminal line went as its own message, so the 7-line letterhead form could
    not be filled in the sandbox ("Cần đủ 7 dòng theo mẫu" for each line)."""
    text = await _run(
        tmp_path, lang, "/year 2027", "#1", ":private", "/documents", "#1", *typed, fresh=True
    )
    assert banner in text.split("\n1. Hùng")[0]  # the banner says how
    assert saved in text
    assert "Cần đủ 7 dòng" not in text and "All 7 lines" not in text


@pytest.mark.parametrize(
    ("lang", "started", "empty", "helped"),
    [
        ("vi", "rồi gõ :end trên một dòng riêng", "Chưa có dòng nào", ":multi … :end gửi"),
        ("en", "then type :end on a line of its own", "No lines between", ":multi … :end sends"),
    ],
)
async def test_an_empty_multi_block_sends_nothing_and_help_names_it(
    tmp_path: Path, lang: str, started: str, empty: str, helped: str
) -> None:
    text = await _run(tmp_path, lang, ":private", ":multi", "   ", ":end", ":help", fresh=True)
    assert started in text and empty in text and helped in text
    assert "── " not in text.split(started, 1)[1]  # the bot was sent nothing
