"""Bot-level methods: identity, update delivery, webhook, commands, descriptions.

``getUpdates`` here is the real long poll PTB's ``Updater`` runs against; the webhook methods
exist because PTB calls ``deleteWebhook`` before polling and Telegram refuses ``getUpdates``
while a webhook is set. Command lists are stored per scope and language so tests can check what
each audience sees in the menu.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from .errors import ApiError, bad_request
from .registry import method

if TYPE_CHECKING:
    from .emulator import BotApiEmulator

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
MAX_COMMANDS = 100
MAX_LONG_POLL = 50
_TEXT_LIMITS = {"description": 512, "short_description": 120, "name": 64}


def scope_key(scope: dict[str, Any] | None) -> str:
    """A stable key for a BotCommandScope (chat ids compared as integers)."""
    scope = dict(scope or {"type": "default"})
    if isinstance(scope.get("chat_id"), str) and scope["chat_id"].lstrip("-").isdigit():
        scope["chat_id"] = int(scope["chat_id"])
    return json.dumps(scope, sort_keys=True)


@method("getMe")
async def get_me(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    me = emu.world.bot.to_dict(with_language=False)
    me.update(
        can_join_groups=True,
        can_read_all_group_messages=not emu.world.privacy_mode,
        supports_inline_queries=False,
        can_connect_to_business=False,
        has_main_web_app=False,
    )
    return me


@method("getUpdates")
async def get_updates(emu: BotApiEmulator, p: dict[str, Any]) -> list[dict[str, Any]]:
    if emu.webhook_url:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    return await emu.updates.get(
        offset=p.get("offset"),
        limit=p.get("limit"),
        timeout=min(max(p.get("timeout") or 0, 0), MAX_LONG_POLL),
        allowed_updates=p.get("allowed_updates"),
    )


@method("setWebhook")
async def set_webhook(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    if not p["url"].startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    emu.webhook_url = p["url"]
    emu.updates.set_allowed(p.get("allowed_updates"))
    if p.get("drop_pending_updates"):
        emu.updates.drop_pending()
    return True


@method("deleteWebhook")
async def delete_webhook(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    emu.webhook_url = ""
    if p.get("drop_pending_updates"):
        emu.updates.drop_pending()
    return True


@method("getWebhookInfo")
async def get_webhook_info(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": emu.webhook_url,
        "has_custom_certificate": False,
        "pending_update_count": len(emu.updates.pending),
    }


@method("logOut", "close")
async def log_out(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    return True


def _command_scope(emu: BotApiEmulator, p: dict[str, Any]) -> tuple[str, str]:
    scope = p.get("scope")
    if scope and scope.get("chat_id") is not None:
        emu.world.resolve(scope["chat_id"])
    language = p.get("language_code") or ""
    if language and not _LANGUAGE_RE.match(language):
        raise bad_request("invalid language code specified")
    return scope_key(scope), language


@method("setMyCommands")
async def set_my_commands(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    commands = p["commands"]
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands specified")
    for command in commands:
        if not _COMMAND_RE.match(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("command description must be 1-256 characters long")
    key = _command_scope(emu, p)
    if commands:
        emu.stored_commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:
        emu.stored_commands.pop(key, None)
    return True


@method("getMyCommands")
async def get_my_commands(emu: BotApiEmulator, p: dict[str, Any]) -> list[dict[str, str]]:
    return [dict(c) for c in emu.stored_commands.get(_command_scope(emu, p), [])]


@method("deleteMyCommands")
async def delete_my_commands(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    emu.stored_commands.pop(_command_scope(emu, p), None)
    return True


def _set_text(emu: BotApiEmulator, p: dict[str, Any], field: str) -> bool:
    value = p.get(field) or ""
    if len(value) > _TEXT_LIMITS[field]:
        raise bad_request(f"bot {field.replace('_', ' ')} is too long")
    language = p.get("language_code") or ""
    emu.profile[(field, language)] = value
    return True


def _get_text(emu: BotApiEmulator, p: dict[str, Any], field: str) -> dict[str, str]:
    language = p.get("language_code") or ""
    value = emu.profile.get((field, language)) or emu.profile.get((field, ""), "")
    if field == "name" and not value:
        value = emu.world.bot.first_name
    return {field: value}


@method("setMyDescription")
async def set_my_description(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    return _set_text(emu, p, "description")


@method("getMyDescription")
async def get_my_description(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, str]:
    return _get_text(emu, p, "description")


@method("setMyShortDescription")
async def set_my_short_description(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    return _set_text(emu, p, "short_description")


@method("getMyShortDescription")
async def get_my_short_description(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, str]:
    return _get_text(emu, p, "short_description")


@method("setMyName")
async def set_my_name(emu: BotApiEmulator, p: dict[str, Any]) -> bool:
    return _set_text(emu, p, "name")


@method("getMyName")
async def get_my_name(emu: BotApiEmulator, p: dict[str, Any]) -> dict[str, str]:
    return _get_text(emu, p, "name")
