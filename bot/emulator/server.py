"""The HTTP face of the emulator: Telegram's URL layout, body formats and error bodies.

PTB talks to it exactly as to api.telegram.org: ``POST /bot<token>/<method>`` with
url-encoded fields (every value a string, non-strings JSON-encoded) or multipart for uploads,
and ``GET /file/bot<token>/<file_path>`` for downloads. JSON bodies and query strings are
accepted too, like the real server. Each request is logged, passes fault injection and spec
validation, then reaches its handler in :mod:`registry`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .errors import NOT_FOUND, UNAUTHORIZED, ApiError, bad_request, not_implemented
from .registry import load_all
from .spec import UploadedFile

if TYPE_CHECKING:
    from .emulator import BotApiEmulator

log = logging.getLogger(__name__)
MAX_BODY = 60 * 1024 * 1024


@dataclass
class CallRecord:
    """One request as the emulator saw it (params are typed once validation passed)."""

    method: str
    params: dict[str, Any]
    status: int = 0
    error: str | None = None
    result: Any = field(default=None, repr=False)


class ApiServer:
    """aiohttp application bound to 127.0.0.1 on a free port."""

    def __init__(self, emu: BotApiEmulator):
        self.emu = emu
        self.methods = load_all()
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_route("*", "/file/{prefix}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{prefix}/{method}", self._handle_method)
        self.runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self.runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self.runner, sock).start()
        return self.port

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    # ------------------------------------------------------------------ handlers

    def _token_ok(self, prefix: str) -> bool:
        return prefix == f"bot{self.emu.token}"

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if not self._token_ok(request.match_info["prefix"]):
            return _json(UNAUTHORIZED.to_json(), 401)
        record = self.emu.world.files_by_path.get(request.match_info["path"])
        if record is None:
            return _json(NOT_FOUND.to_json(), 404)
        return web.Response(
            body=record.data, content_type=record.mime_type or "application/octet-stream"
        )

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        if not self._token_ok(request.match_info["prefix"]):
            return _json(UNAUTHORIZED.to_json(), 401)
        method = self.emu.spec.resolve(request.match_info["method"])
        if method is None:
            return _json(NOT_FOUND.to_json(), 404)
        polling = method == "getUpdates"
        record = CallRecord(method, {})
        token = None if polling else self.emu.request_started(method)
        try:
            self.emu.call_log.append(record)
            record.params = raw = await _read_params(request)
            body = await self._run(method, raw, record)
            record.status = 200
            return _json(body, 200)
        except ApiError as exc:
            record.status, record.error = exc.code, exc.description
            return _json(exc.to_json(), exc.code)
        except ConnectionResetError:  # the client left mid-request (a bot stopping): not a bug
            record.status, record.error = 499, "client closed the connection"
            return web.Response(status=499)
        except Exception as exc:  # a bug in the emulator itself: say so loudly
            log.exception("emulator failure in %s", method)
            self.emu.internal_errors.append(f"{method}: {exc!r}")
            record.status, record.error = 500, repr(exc)
            body = {"ok": False, "error_code": 500, "description": f"Emulator bug: {exc!r}"}
            return _json(body, 500)
        finally:
            if token is not None:
                self.emu.request_finished(token)

    async def _run(self, method: str, raw: dict[str, Any], record: CallRecord) -> dict[str, Any]:
        delay = self.emu.faults.take_delay(method)
        if delay:
            await asyncio.sleep(delay)
        failure = self.emu.faults.take_failure(method)
        if failure is not None:
            raise failure
        handler = self.methods.get(method)
        if handler is None:
            raise not_implemented(method)
        params = self.emu.spec.validate(method, raw)
        record.params = params
        result = await handler(self.emu, params)
        record.result = result
        return {"ok": True, "result": result}


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query string plus body (url-encoded, multipart or JSON), as strings and files."""
    params: dict[str, Any] = dict(request.query)
    if not request.can_read_body:
        return params
    ctype = request.content_type
    if ctype == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if part.name is None:
                continue
            if part.filename is not None:
                data = bytes(await part.read())
                ctype_part = part.headers.get("Content-Type")
                params[part.name] = UploadedFile(part.filename, data, ctype_part)
            else:
                params[part.name] = await part.text()
    elif ctype == "application/json":
        raw = await request.read()
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON request body must be an object")
            for key, value in body.items():
                if value is not None:
                    params[key] = value if isinstance(value, str) else json.dumps(value)
    else:
        form = await request.post()
        for key, value in form.items():
            params[key] = value if isinstance(value, str) else str(value)
    return params


def _json(body: dict[str, Any], status: int) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )
