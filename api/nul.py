"""No NUL character reaches the application from a query string or a plain form: it means
nothing in text an officer types, PostgreSQL cannot store it (a 500), and a page address with
%00 is an attack or an accident. Removed in the ASGI layer, before any route reads the request.
Uploads (multipart) keep their bytes: a file may hold NUL, and its text fields are checked where
they are used; JSON bodies are refused by the API's own validation.
"""

from __future__ import annotations

import re
from typing import Any

_ENCODED_NUL = re.compile(rb"%00", re.IGNORECASE)
MAX_FORM_BYTES = 4 * 1024 * 1024  # a typed form is far smaller; beyond this, left as it is


class DropNul:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if b"%00" in query.lower():
            scope = {**scope, "query_string": _ENCODED_NUL.sub(b"", query)}
        content_type = dict(scope.get("headers", [])).get(b"content-type", b"")
        if not content_type.lower().startswith(b"application/x-www-form-urlencoded"):
            await self.app(scope, receive, send)
            return
        body, more, messages = b"", True, []
        while more:  # a form's body whole, so that no %00 is split between two chunks
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False) and len(body) <= MAX_FORM_BYTES
        if more or messages[-1]["type"] != "http.request":
            replay = iter(messages)  # too big, or the client went away: pass on as it came
        else:
            cleaned = {"type": "http.request", "body": _ENCODED_NUL.sub(b"", body)}
            replay = iter([cleaned])

        async def cleaned_receive() -> dict[str, Any]:
            found: dict[str, Any] | None = next(replay, None)
            if found is None:
                found = await receive()
            assert found is not None
            return found

        await self.app(scope, cleaned_receive, send)
