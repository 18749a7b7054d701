"""Year-end documents: the bloc's letterhead and signer, its replaced templates, and the bình
xét meeting of a year (see migration 0009). Drafts themselves are never stored: they are
rendered again from the data whenever asked, and the same data gives the same document."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from bot.clock import to_db
from bot.domain.documents import DocName, DocumentSettings, Meeting
from storage.db import Database


class DocumentRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def settings(self, bloc_id: int) -> DocumentSettings | None:
        row = await self.db.fetch_one(
            "SELECT * FROM document_settings WHERE bloc_id = ?", (bloc_id,)
        )
        if row is None:
            return None
        return DocumentSettings(
            parent_body=row["parent_body"],
            issuing_body=row["issuing_body"],
            place_name=row["place_name"],
            signer_title=row["signer_title"],
            signer_name=row["signer_name"],
            number_prefix=row["number_prefix"],
            recipients=tuple(json.loads(row["recipients"])),
        )

    async def save_settings(
        self, bloc_id: int, settings: DocumentSettings, *, by: int, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO document_settings (bloc_id, parent_body, issuing_body, place_name,"
            " signer_title, signer_name, number_prefix, recipients, set_by, set_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (bloc_id) DO UPDATE SET parent_body = excluded.parent_body,"
            " issuing_body = excluded.issuing_body, place_name = excluded.place_name,"
            " signer_title = excluded.signer_title, signer_name = excluded.signer_name,"
            " number_prefix = excluded.number_prefix, recipients = excluded.recipients,"
            " set_by = excluded.set_by, set_at = excluded.set_at",
            (
                bloc_id,
                settings.parent_body,
                settings.issuing_body,
                settings.place_name,
                settings.signer_title,
                settings.signer_name,
                settings.number_prefix,
                json.dumps(list(settings.recipients), ensure_ascii=False),
                by,
                to_db(now),
            ),
        )

    async def admin_bloc_ids(self, user_id: int) -> list[int]:
        """The blocs a person is a recorded admin of (for `/documents` in a private chat)."""
        rows = await self.db.fetch_all(
            "SELECT bloc_id FROM bloc_admins WHERE user_id = ? ORDER BY bloc_id", (user_id,)
        )
        return [row["bloc_id"] for row in rows]

    async def template(self, bloc_id: int, name: DocName, lang: str) -> bytes | None:
        value = await self.db.fetch_value(
            "SELECT body FROM document_templates WHERE bloc_id = ? AND name = ? AND lang = ?",
            (bloc_id, name.value, lang),
        )
        return bytes(value) if value is not None else None

    async def replaced(self, bloc_id: int) -> set[tuple[DocName, str]]:
        rows = await self.db.fetch_all(
            "SELECT name, lang FROM document_templates WHERE bloc_id = ?", (bloc_id,)
        )
        return {(DocName(row["name"]), row["lang"]) for row in rows}

    async def save_template(
        self, bloc_id: int, name: DocName, lang: str, body: bytes, *, by: int, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO document_templates (bloc_id, name, lang, body, sha256, set_by, set_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (bloc_id, name, lang) DO UPDATE SET body = excluded.body,"
            " sha256 = excluded.sha256, set_by = excluded.set_by, set_at = excluded.set_at",
            (
                bloc_id,
                name.value,
                lang,
                body,
                hashlib.sha256(body).hexdigest(),
                by,
                to_db(now),
            ),
        )

    async def meeting(self, year_id: int) -> Meeting | None:
        row = await self.db.fetch_one(
            "SELECT * FROM document_meetings WHERE year_id = ?", (year_id,)
        )
        if row is None:
            return None
        return Meeting(
            held_on=date.fromisoformat(row["held_on"]),
            place=row["place"],
            extra_unit_ids=tuple(json.loads(row["extra_units"])),
        )

    async def save_meeting(self, year_id: int, meeting: Meeting, *, by: int, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO document_meetings (year_id, held_on, place, extra_units, set_by, set_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (year_id) DO UPDATE SET held_on = excluded.held_on,"
            " place = excluded.place, extra_units = excluded.extra_units,"
            " set_by = excluded.set_by, set_at = excluded.set_at",
            (
                year_id,
                meeting.held_on.isoformat(),
                meeting.place,
                json.dumps(sorted(meeting.extra_unit_ids)),
                by,
                to_db(now),
            ),
        )
