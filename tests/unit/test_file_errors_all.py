"""A refused file's full list of errors, split into messages that each fit Telegram's limit."""

from __future__ import annotations

from bot.domain.errors import FileRejected, InvalidValue, Reason, error
from bot.i18n import Catalog, plain_text
from handlers.file_errors import MESSAGE_ROOM, domain_error_messages

tx = Catalog.load().for_lang("vi")


def test_every_error_is_listed_once_across_the_messages() -> None:
    errors = [
        error(Reason.NOT_POSITIVE).at(section="I", item=f"C{n}", line=n + 5, field="max")
        for n in range(150)
    ]
    messages = domain_error_messages(tx, FileRejected(errors))
    assert len(messages) > 1
    assert all(len(plain_text(m)) <= MESSAGE_ROOM for m in messages)
    listed = "\n".join(messages)
    assert listed.count("phải lớn hơn 0") == 150
    assert messages[0].startswith(tx("fileerrors.rejected", count=150))


def test_a_single_bad_value_is_one_line() -> None:
    exc = InvalidValue(error(Reason.BAD_TIME, value="25:00"))
    [only] = domain_error_messages(tx, exc)
    assert only.startswith("Giờ «25:00» không hợp lệ")
