"""Uploads and downloads: multipart round trips, file_id reuse, getFile."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from telegram import Bot, InputFile
from telegram.error import BadRequest

from bot.emulator import BotApiEmulator

LAN = 111


def tiny_png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def test_send_document_round_trip(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    payload = "mã,tên\nBQL1,Ban quản lý\n".encode() * 50
    sent = await bot.send_document(
        LAN,
        InputFile(io.BytesIO(payload), filename="tong_hop.csv"),
        caption="<b>Tổng hợp</b> 2025",
        parse_mode="HTML",
    )
    assert sent.document.file_name == "tong_hop.csv"
    assert sent.document.mime_type == "text/csv"
    assert sent.caption == "Tổng hợp 2025"
    message = emu.last_bot_message(LAN)
    assert message.document == ("tong_hop.csv", payload)
    assert (message.text, message.caption, message.html) == (
        "Tổng hợp 2025",
        "Tổng hợp 2025",
        "<b>Tổng hợp</b> 2025",
    )
    file = await bot.get_file(sent.document.file_id)
    assert file.file_size == len(payload)
    assert bytes(await file.download_as_bytearray()) == payload
    again = await bot.send_document(LAN, sent.document.file_id)  # by file_id
    assert again.document.file_unique_id == sent.document.file_unique_id
    (first_call, _) = emu.calls("sendDocument")
    assert first_call[1]["document"].filename == "tong_hop.csv"


async def test_user_document_download(bot: Bot, emu: BotApiEmulator) -> None:
    data = b"PK\x03\x04 fake xlsx"
    message = emu.send_document(LAN, LAN, "scale.xlsx", data, caption="/scale")
    assert message["caption_entities"][0]["type"] == "bot_command"
    (update,) = await bot.get_updates()
    document = update.message.document
    assert document.mime_type.endswith("spreadsheetml.sheet")
    file = await document.get_file()
    assert bytes(await file.download_as_bytearray()) == data
    assert emu.file_data(document.file_id) == data


async def test_send_photo(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    png = tiny_png()
    sent = await bot.send_photo(LAN, png, caption="chart")
    assert (sent.photo[-1].width, sent.photo[-1].height) == (3, 2)
    assert emu.last_bot_message(LAN).photo == png
    await bot.send_photo(LAN, sent.photo[-1].file_id)
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(LAN, b"not an image")
    with pytest.raises(BadRequest, match=r"(?i)can't use file of type Photo as Document"):
        await bot.send_document(LAN, sent.photo[-1].file_id)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(LAN, "nonsense-file-id")


async def test_caption_limit(bot: Bot, emu: BotApiEmulator) -> None:
    emu.start_bot(LAN)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_document(LAN, b"x", filename="a.txt", caption="c" * 1025)
    await bot.send_document(LAN, b"x", filename="a.txt", caption="c" * 1024)
