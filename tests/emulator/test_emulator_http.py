"""The HTTP layer and spec validation: URLs, tokens, body formats, parameter checks."""

from __future__ import annotations

import json

import httpx
import pytest
from telegram import Bot
from telegram.error import BadRequest

from bot.emulator import BotApiEmulator

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
LAN = 111


async def test_get_me_through_ptb(bot: Bot, emu: BotApiEmulator) -> None:
    me = await bot.get_me()
    assert me.id == emu.bot_id == 123456
    assert me.username == emu.bot_username == "bloc_assistant_bot"
    assert me.is_bot and me.can_read_all_group_messages  # privacy mode off


async def test_wrong_token_is_401(http: httpx.AsyncClient) -> None:
    response = await http.post("/bot123456:WRONG/getMe")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_unknown_method_is_404_and_names_are_case_insensitive(
    http: httpx.AsyncClient,
) -> None:
    response = await http.post(f"/bot{TOKEN}/sendMessages")
    assert response.status_code == 404
    assert response.json()["description"] == "Not Found"
    response = await http.get(f"/bot{TOKEN}/GETME")
    assert response.json()["result"]["username"] == "bloc_assistant_bot"


async def test_unimplemented_spec_method_is_501(http: httpx.AsyncClient) -> None:
    response = await http.post(f"/bot{TOKEN}/sendPoll", data={"chat_id": "1"})
    assert response.status_code == 501
    assert response.json()["description"] == "Not Implemented in emulator: sendPoll"


async def test_unknown_parameter_is_rejected(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    with pytest.raises(BadRequest, match=r"(?i)unknown parameter colour"):
        await bot.send_message(LAN, "hi", api_kwargs={"colour": "red"})


async def test_missing_required_parameter(http: httpx.AsyncClient) -> None:
    response = await http.post(f"/bot{TOKEN}/sendMessage", data={"chat_id": str(LAN)})
    assert response.status_code == 400
    assert response.json()["description"] == "Bad Request: text is required"


async def test_wrong_types_are_rejected(http: httpx.AsyncClient, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    url = f"/bot{TOKEN}/sendMessage"
    bad_int = await http.post(
        url, data={"chat_id": str(LAN), "text": "x", "message_thread_id": "a"}
    )
    assert bad_int.status_code == 400
    assert "message_thread_id" in bad_int.json()["description"]
    bad_bool = await http.post(
        url, data={"chat_id": str(LAN), "text": "x", "disable_notification": "maybe"}
    )
    assert bad_bool.status_code == 400
    bad_markup = await http.post(
        url, data={"chat_id": str(LAN), "text": "x", "reply_markup": '{"inline_keyboard": 5}'}
    )
    assert bad_markup.status_code == 400
    assert "can't parse reply_markup JSON object" in bad_markup.json()["description"]
    missing_text = await http.post(
        url,
        data={
            "chat_id": str(LAN),
            "text": "x",
            "reply_markup": json.dumps({"inline_keyboard": [[{"callback_data": "a"}]]}),
        },
    )
    assert 'field "text" of InlineKeyboardButton is required' in missing_text.json()["description"]


async def test_json_body_and_query_string(http: httpx.AsyncClient, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    response = await http.post(
        f"/bot{TOKEN}/sendMessage",
        json={"chat_id": LAN, "text": "json", "disable_notification": True},
    )
    assert response.json()["ok"] is True
    response = await http.get(f"/bot{TOKEN}/sendMessage", params={"chat_id": LAN, "text": "qs"})
    assert response.json()["result"]["text"] == "qs"
    assert [m.text for m in emu.bot_messages(LAN)] == ["json", "qs"]
    assert emu.calls("sendMessage")[0][1] == {
        "chat_id": LAN,
        "text": "json",
        "disable_notification": True,
    }


async def test_unknown_file_path_is_404(http: httpx.AsyncClient) -> None:
    response = await http.get(f"/file/bot{TOKEN}/documents/nothing.txt")
    assert response.status_code == 404
    response = await http.get("/file/botWRONG/documents/nothing.txt")
    assert response.status_code == 401
