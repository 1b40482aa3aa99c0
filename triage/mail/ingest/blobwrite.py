"""Storing blobs (raw mail, attachments) once by SHA-256, big ones without the database driver's
extra copies.

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
_BIG_BLOB = 1024 * 1024  # bytes; bigger blobs are written in chunks


def store_blobs(session: Session, blobs: dict[str, bytes]) -> None:
    """Store each blob (SHA-256: bytes) unless stored already: small ones in one statement,
    big ones one by one, written in chunks without the driver's copies (#15)."""
    rows = [
        {"sha256": key, "size": len(data), "data": data}
        for key, data in blobs.items()
        if len(data) < _BIG_BLOB
    ]
    insert_ignoring_duplicates(session, Blob, rows)
    for key, data in blobs.items():
        if len(data) >= _BIG_BLOB:
            insert_big_blob(session, key, data)


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
