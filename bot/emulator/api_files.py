"""Documents and photos: upload, re-send by file_id, getFile.

The product exchanges spreadsheets and charts as files (rosters, scale templates, exports), so
uploads go through the same multipart path PTB uses against Telegram, files get ``file_id``s
that can be sent again, and ``getFile`` returns a ``file_path`` served under
``/file/bot<token>/`` exactly like the real download endpoint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .api_common import caption_text, post_bot_message, text_content
from .errors import ApiError, bad_request
from .models import FileRec
from .registry import method
from .spec import UploadedFile
from .world import image_size

if TYPE_CHECKING:
    from .emulator import BotApiEmulator

MAX_UPLOAD = 50 * 1024 * 1024
MAX_PHOTO = 10 * 1024 * 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
_KIND_NAMES = {"document": "Document", "photo": "Photo"}


def _input_file(emu: BotApiEmulator, value: UploadedFile | str, kind: str) -> FileRec:
    """A freshly uploaded file, or an existing one named by file_id."""
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        if len(value.data) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        if kind == "photo":
            if image_size(value.data) is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            if len(value.data) > MAX_PHOTO:
                raise bad_request("PHOTO_INVALID_DIMENSIONS")
        return emu.world.store_file(value.data, value.filename, value.content_type, kind)
    record = emu.world.files.get(value)
    if record is None:
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        raise bad_request("wrong file identifier/HTTP URL specified")
    if record.kind != kind:
        raise bad_request(
            f"can't use file of type {_KIND_NAMES[record.kind]} as {_KIND_NAMES[kind]}"
        )
    return record


def _send_media(emu: BotApiEmulator, p: dict[str, Any], kind: str) -> dict[str, Any]:
    chat = emu.world.resolve(p["chat_id"])
    emu.world.check_can_send(chat)
    record = _input_file(emu, p[kind], kind)
    parsed = caption_text(p)
    if kind == "photo":
        content: dict[str, Any] = {"photo": record.photo_sizes()}
        sent: dict[str, Any] = {"photo": record.data}
    else:
        content = {"document": record.document_dict()}
        sent = {"document": (record.filename or "file", record.data)}
    if parsed is not None:
        content.update(text_content(parsed, "caption"))
    sent.update(
        text=parsed.text if parsed else "",
        html=p.get("caption") or "",
        caption=parsed.text if parsed else None,
        entities=parsed.entities if parsed else [],
    )
    return post_bot_message(emu, chat, p, content, sent)


@method("sendDocument")
async def send_document(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    return _send_media(emu, p, "document")


@method("sendPhoto")
async def send_photo(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    return _send_media(emu, p, "photo")


@method("getFile")
async def get_file(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    record = emu.world.files.get(p["file_id"])
    if record is None:
        raise bad_request("invalid file_id")
    if len(record.data) > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return record.file_dict()
