"""The office's routines in the database: seeded from the files under routines/library, kept as
approved versions with their history, read back as the RoutineLibrary every page, checklist and
review job uses, and written to or read from files again (the library can live in Git).

Only approved versions are here; proposals wait in RoutineProposal (triage.cases.routine_editing).
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, func, select

from routines import DEFAULT_FOLDER, RoutineLibrary, load_routines, read_routines
from triage.cases.content_versions import Stored, Version, with_diffs
from triage.cases.standard_replies import Imported
from triage.errors import InvalidInput, NotFound
from triage.models import RoutineText, RoutineTextVersion, utcnow

Stamp = tuple[int, str]


def file_name(routine_id: str, language: str) -> Path:
    """The file a routine would be (and is, once exported): problems name it."""
    return Path(f"{routine_id}.{language}.md")


def ensure_routines_seeded(session: Session, folder: Path = DEFAULT_FOLDER) -> int:
    """Import the routine files when the office has no routines yet; returns how many."""
    if session.exec(select(func.count()).select_from(RoutineText)).one():
        return 0
    library = load_routines(folder)
    for routine in library.routines:
        text = routine.path.read_text(encoding="utf-8")
        store_routine_version(session, routine.id, routine.language, routine.title, text, "seed")
    return len(library.routines)


def store_routine_version(
    session: Session,
    routine_id: str,
    language: str,
    title: str,
    text: str,
    author: str,
    approved_by: str = "",
) -> RoutineText:
    """Make `text` the approved routine, keeping the one before in the history."""
    row = routine_rows(session, routine_id).get(language)
    if row is None:
        row = RoutineText(routine_id=routine_id, language=language, version=0)
        session.add(row)
    row.title, row.text, row.version = title, text, row.version + 1
    row.updated_at, row.updated_by = utcnow(), author
    session.flush()
    assert row.id is not None
    session.add(
        RoutineTextVersion(
            routine_text_id=row.id,
            version=row.version,
            text=text,
            author=author,
            approved_by=approved_by,
        )
    )
    return row


def routine_rows(session: Session, routine_id: str) -> dict[str, RoutineText]:
    """The approved routine's rows by language (empty when there is no such routine)."""
    rows = session.exec(select(RoutineText).where(RoutineText.routine_id == routine_id)).all()
    return {row.language: row for row in rows}


def approved_texts(session: Session) -> dict[Path, str]:
    """Every approved text under the file name it would have."""
    rows = session.exec(
        select(RoutineText).order_by(col(RoutineText.routine_id), col(RoutineText.language))
    )
    return {file_name(row.routine_id, row.language): row.text for row in rows}


def routine_library(session: Session) -> RoutineLibrary:
    """The approved routines, as the rest of the app reads them."""
    return read_routines(approved_texts(session))


def routines_stamp(session: Session) -> Stamp:
    """Changes whenever a routine is added or a version approved: a cheap "reload?" check."""
    count, latest = session.exec(
        select(func.count(col(RoutineText.id)), func.max(RoutineText.updated_at))
    ).one()
    return int(count), str(latest)


def routine_history(session: Session, routine_id: str, language: str) -> list[Version]:
    """Every approved version, newest first, with the diff against the one before it."""
    row = routine_rows(session, routine_id).get(language)
    if row is None:
        raise NotFound(f"no routine {routine_id!r} in {language}")
    versions = session.exec(
        select(RoutineTextVersion)
        .where(RoutineTextVersion.routine_text_id == row.id)
        .order_by(col(RoutineTextVersion.version))
    )
    return with_diffs(Stored(v.version, v.text, v.author, v.at, v.approved_by) for v in versions)


def old_version(session: Session, routine_id: str, language: str, version: int) -> str:
    """The text of an earlier approved version (to restore it)."""
    row = routine_rows(session, routine_id).get(language)
    if row is None:
        raise NotFound(f"no routine {routine_id!r} in {language}")
    found = session.exec(
        select(RoutineTextVersion.text).where(
            RoutineTextVersion.routine_text_id == row.id, RoutineTextVersion.version == version
        )
    ).first()
    if found is None:
        raise NotFound(f"no version {version} of routine {routine_id!r} in {language}")
    return found


def export_routines(session: Session, folder: Path) -> int:
    """Write every approved routine to `<id>.<lang>.md` files (to review, or to keep in Git)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = approved_texts(session)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return len(texts)


def import_routines(session: Session, library: RoutineLibrary, author: str = "import") -> Imported:
    """Make the database hold these files' routines (the other half of the round trip with
    `export_routines`): a new version where a text differs, nothing where it is the same.
    Routines only in the database stay. A library with any problem is refused whole."""
    if library.problems:
        raise InvalidInput("; ".join(str(p) for p in library.problems))
    current = approved_texts(session)
    added = changed = 0
    for routine in library.routines:
        text = routine.path.read_text(encoding="utf-8")
        before = current.get(file_name(routine.id, routine.language))
        if before == text:
            continue
        added, changed = added + (before is None), changed + (before is not None)
        store_routine_version(session, routine.id, routine.language, routine.title, text, author)
    return Imported(added, changed, len(library.routines) - added - changed)
