"""Writing a big blob (a raw mail, an attachment) without the database driver's extra copies.

Bound as a parameter, a 50 MB blob cost SQLite about three times its size at once (the driver's
copy, the record built from it, the page cache). On SQLite the row is inserted with a zeroblob
and the bytes written into it a megabyte at a time (incremental blob I/O), which leaves only the
page cache; PostgreSQL takes the parameter as before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from triage.db import insert_ignoring_duplicates
from triage.models import Blob

_CHUNK = 1024 * 1024


def insert_big_blob(session: Session, sha256: str, data: bytes) -> None:
    """Store `data` under `sha256` unless a blob with that key is stored already."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        insert_ignoring_duplicates(
            session, Blob, [{"sha256": sha256, "size": len(data), "data": data}]
        )
        return
    table = Blob.__tablename__
    inserted = connection.execute(
        text(
            f"INSERT INTO {table} (sha256, size, data) VALUES (:sha, :size, zeroblob(:size)) "
            "ON CONFLICT DO NOTHING RETURNING rowid"
        ),
        {"sha": sha256, "size": len(data)},
    ).first()
    if inserted is None:
        return  # stored already
    driver: Any = connection.connection.driver_connection
    view = memoryview(data)
    with driver.blobopen(table, "data", inserted[0]) as blob:
        for start in range(0, len(data), _CHUNK):
            blob.write(view[start : start + _CHUNK])
