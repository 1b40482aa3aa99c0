"""Loads the folder of routine descriptions, checks the files against each other, and answers
"which routine applies here?". A broken file becomes a Problem, never an exception, so one typo
does not take every routine away from the people covering a mailbox."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from routines.model import Problem, Routine
from routines.parse import LANGUAGES, parse_routine

DEFAULT_FOLDER = Path(__file__).resolve().parent / "library"
# <id>.<two-letter language>.md; anything else (a README, notes) is not a routine.
_FILE_NAME = re.compile(r"^(?P<id>[^.]+)\.(?P<language>[a-z]{2})\.md$")


@dataclass(eq=False)  # compared by identity, so a library can key a cache of its search index
class RoutineLibrary:
    """The routines that loaded, and the problems found while loading them."""

    routines: list[Routine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, id: str, language: str) -> Routine | None:
        """The routine with this id in this language, if there is one."""
        for routine in self.routines:
            if routine.id == id and routine.language == language:
                return routine
        return None

    def for_type(self, question_type: str, language: str) -> list[Routine]:
        """One version of each routine for the question type, in the asked language if it exists.

        The other language's version stands in when a translation is missing: a colleague can
        read either, and a routine in the wrong language beats none.
        """
        chosen: dict[str, Routine] = {}
        for routine in self.routines:
            if question_type not in routine.question_types:
                continue
            current = chosen.get(routine.id)
            if current is None or (current.language != language == routine.language):
                chosen[routine.id] = routine
        return list(chosen.values())

    def owners(self) -> list[str]:
        """Every routine owner once, alphabetically (backup owners are not counted)."""
        return sorted({routine.owner for routine in self.routines})


def load_routines(
    folder: Path = DEFAULT_FOLDER, known_replies: set[str] | None = None
) -> RoutineLibrary:
    """Read every `<id>.<lang>.md` in the folder; step replies are checked only if
    `known_replies` (the standard-reply ids) is given."""
    if not folder.is_dir():
        return RoutineLibrary(problems=[Problem(folder, "folder", "not found")])
    library = RoutineLibrary()
    for path in sorted(folder.glob("*.md")):
        if _FILE_NAME.match(path.name) is None:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            library.problems.append(Problem(path, "file", f"cannot be read: {error}"))
            continue
        _add(library, path, text, known_replies)
    return _cross_checked(library)


def read_routines(
    texts: Mapping[Path, str], known_replies: set[str] | None = None
) -> RoutineLibrary:
    """The library from texts already read (kept elsewhere, or typed in an editor), each under
    the file name it would have, checked exactly as `load_routines` checks a folder."""
    library = RoutineLibrary()
    for path, text in texts.items():
        _add(library, path, text, known_replies)
    return _cross_checked(library)


def _add(library: RoutineLibrary, path: Path, text: str, known_replies: set[str] | None) -> None:
    routine, problems = parse_routine(path, text, known_replies)
    library.problems += problems
    if routine is None:
        return
    name = _FILE_NAME.match(path.name)
    if name is not None:
        library.problems += _name_mismatches(routine, name["id"], name["language"])
    library.routines.append(routine)


def _cross_checked(library: RoutineLibrary) -> RoutineLibrary:
    library.problems += _duplicates(library.routines) + _missing_languages(library.routines)
    return library


def _name_mismatches(routine: Routine, file_id: str, file_language: str) -> list[Problem]:
    # The front matter wins; the file name is only what people look for in the folder.
    expected = f"expected the file to be called {routine.id}.{routine.language}.md"
    declared = {"id": (routine.id, file_id), "language": (routine.language, file_language)}
    return [
        Problem(routine.path, name, f"{value!r} differs from the file name; {expected}")
        for name, (value, in_file_name) in declared.items()
        if value != in_file_name
    ]


def _duplicates(routines: list[Routine]) -> list[Problem]:
    first_seen: dict[tuple[str, str], Routine] = {}
    problems = []
    for routine in routines:
        key = (routine.id, routine.language)
        if key in first_seen:
            other = first_seen[key].path.name
            message = f"routine {routine.id!r} in {routine.language!r} is also defined in {other}"
            problems.append(Problem(routine.path, "id", message))
        else:
            first_seen[key] = routine
    return problems


def _missing_languages(routines: list[Routine]) -> list[Problem]:
    # Colleagues answer in the student's language, so each routine should exist in both.
    languages: dict[str, set[str]] = {}
    for routine in routines:
        languages.setdefault(routine.id, set()).add(routine.language)
    problems = []
    for routine in routines:
        for missing in sorted(set(LANGUAGES) - languages[routine.id]):
            message = (
                f"no {missing!r} version of routine {routine.id!r} ({routine.id}.{missing}.md)"
            )
            problems.append(Problem(routine.path, "language", message))
    return problems
