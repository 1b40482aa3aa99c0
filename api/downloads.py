"""Files the app hands out that it made itself (statistics, reports): saved, never shown inline."""

from __future__ import annotations

from fastapi.responses import Response


def file_response(data: bytes, media_type: str, filename: str) -> Response:
    """`data` as an attachment named `filename` (ASCII: the callers build it from dates and
    mailbox names with anything else removed)."""
    safe = "".join(c for c in filename if c.isascii() and (c.isalnum() or c in "-_."))
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
