"""Settings: DESIGN.md's names and defaults; a bad value is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

NAMES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "DATABASE_PATH",
    "BOT_TIMEZONE",
    "BOT_LANGUAGE",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout


def test_defaults() -> None:
    s = load_settings()
    assert s.telegram_bot_token is None
    assert s.telegram_api_base_url == "https://api.telegram.org/bot"
    assert s.file_base_url == "https://api.telegram.org/file/bot"
    assert s.database_path == Path("data/bot.sqlite3")
    assert s.bot_timezone == "Asia/Ho_Chi_Minh"
    assert s.bot_language == "vi"


def test_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "BOT_LANGUAGE=en\nTELEGRAM_API_BASE_URL=http://127.0.0.1:81/bot\n"
    )
    s = load_settings()
    assert s.bot_language == "en"
    assert s.file_base_url == "http://127.0.0.1:81/file/bot"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_TIMEZONE", "Mars/Olympus"),
        ("BOT_LANGUAGE", "fr"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_API_BASE_URL", "ftp://x"),
    ],
)
def test_bad_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    message = str(info.value)
    assert name in message and "\n" not in message


def test_token_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    s = load_settings()
    assert s.telegram_bot_token is not None
    assert s.telegram_bot_token.get_secret_value() == token
    assert token not in repr(s) and token not in str(s.model_dump())
