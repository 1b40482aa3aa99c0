"""Standard replies and routines on the command line: suggest, check, search."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from routines import RoutineLibrary

from triage.cli.app import ConfigOpt, app, err, exits, mail_from_line, notice, settings_from

replies_app = typer.Typer(no_args_is_help=True, help="Standard replies")
routines_app = typer.Typer(no_args_is_help=True, help="Routine descriptions")
app.add_typer(replies_app, name="replies")
app.add_typer(routines_app, name="routines")
FolderOpt = Annotated[Path | None, typer.Option("--folder", help="Check these files instead")]


@replies_app.command("suggest")
@exits
def replies_suggest(
    top: Annotated[int, typer.Option("--top", min=1, max=20)] = 3, config: ConfigOpt = None
) -> None:
    """JSON lines {"subject", "body"} (or {"text"}) on stdin -> the best replies for each."""
    from classifiers import detect_language
    from triage.cases.standard_replies import ensure_seeded, matcher
    from triage.db import make_engine, transaction, upgrade
    from triage.learning.classify import classifier_for

    settings = settings_from(config)
    engine = make_engine(settings)
    upgrade(engine)
    classifier = classifier_for(engine, settings, notice)
    with transaction(engine) as session:
        ensure_seeded(session)
        replies = matcher(session)
    bad = 0
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        mail = mail_from_line(number, line)
        if isinstance(mail, str):  # one output line per input line, as `classify` does
            bad += 1
            err.print(f"[red]error:[/red] {mail}", highlight=False)
            sys.stdout.write(json.dumps({"error": mail}) + "\n")
            continue
        subject, body = mail
        language = detect_language(f"{subject}\n{body}")
        prediction = classifier.predict(subject, body) if classifier else None
        qtype = prediction.label if prediction else None
        unsure = prediction is not None and prediction.needs_review and prediction.alternatives
        found = replies.suggest(
            subject,
            body,
            language=language if language != "other" else "en",
            question_type=qtype,
            top=top,
            unsure_of=str(prediction.alternatives[0]["label"]) if unsure else None,  # type: ignore[union-attr]
        )
        out = {
            "language": language,
            "question_type": qtype,
            "suggestions": [
                {
                    "id": s.reply.id,
                    "title": s.reply.title,
                    "language": s.reply.language,
                    "question_types": list(s.reply.question_types),
                    "score": s.score,
                }
                for s in found
            ],
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if bad:
        raise typer.Exit(1)


@replies_app.command("check")
@exits
def replies_check(folder: FolderOpt = None, config: ConfigOpt = None) -> None:
    """Validate the standard-reply files; every problem with file and field; exit 1 if any."""
    from canned_replies.library import DEFAULT_FOLDER, load_library
    from triage.cases.standard_replies import office_key_problems

    settings = settings_from(config)
    library = load_library(folder or DEFAULT_FOLDER)
    problems = [str(p) for p in library.problems] + office_key_problems(library, settings)
    _report("standard replies", len(library.replies), problems)


@replies_app.command("export")
@exits
def replies_export(
    folder: Annotated[Path, typer.Argument(help="Write <id>.<language>.md files here")],
    config: ConfigOpt = None,
) -> None:
    """Write the office's approved replies back to files (to keep the library in Git)."""
    from triage.cases.standard_replies import ensure_seeded, export_replies
    from triage.db import make_engine, transaction, upgrade

    engine = make_engine(settings_from(config))
    upgrade(engine)
    with transaction(engine) as session:
        ensure_seeded(session)
        count = export_replies(session, folder)
    err.print(f"{count} reply file(s) written to {folder}")


@replies_app.command("import")
@exits
def replies_import(
    folder: Annotated[Path, typer.Argument(help="Read <id>.<language>.md files from here")],
    config: ConfigOpt = None,
) -> None:
    """Bring edited reply files into the database as new approved versions (the history keeps
    the old ones); nothing is imported while any file has a problem."""
    from canned_replies.library import load_library
    from triage.cases.standard_replies import ensure_seeded, import_replies, office_key_problems
    from triage.db import make_engine, transaction, upgrade

    settings = settings_from(config)
    if not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder", param_hint="FOLDER")
    library = load_library(folder, settings.office.keys())
    problems = [str(p) for p in library.problems] + office_key_problems(library, settings)
    if problems:
        _report("standard replies (nothing imported)", len(library.replies), problems)
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        ensure_seeded(session)
        done = import_replies(session, library)
    err.print(
        f"{done.added} new, {done.changed} changed, {done.unchanged} unchanged standard replies"
    )


@routines_app.command("check")
@exits
def routines_check(folder: FolderOpt = None) -> None:
    """Validate the routine files (and the standard replies their steps name); exit 1 if any."""
    from canned_replies.library import load_library
    from routines import DEFAULT_FOLDER, load_routines

    library = load_routines(folder or DEFAULT_FOLDER, known_replies=load_library().ids())
    _report("routines", len(library.routines), [str(p) for p in library.problems])


@routines_app.command("export")
@exits
def routines_export(
    folder: Annotated[Path, typer.Argument(help="Write <id>.<language>.md files here")],
    config: ConfigOpt = None,
) -> None:
    """Write the office's approved routines back to files (to keep the library in Git)."""
    from triage.cases.routine_store import ensure_routines_seeded, export_routines
    from triage.db import make_engine, transaction, upgrade

    engine = make_engine(settings_from(config))
    upgrade(engine)
    with transaction(engine) as session:
        ensure_routines_seeded(session)
        count = export_routines(session, folder)
    err.print(f"{count} routine file(s) written to {folder}")


@routines_app.command("import")
@exits
def routines_import(
    folder: Annotated[Path, typer.Argument(help="Read <id>.<language>.md files from here")],
    config: ConfigOpt = None,
) -> None:
    """Bring edited routine files into the database as new approved versions (the history keeps
    the old ones); nothing is imported while any file has a problem, the standard replies the
    steps name checked against the office's own."""
    from routines import load_routines
    from triage.cases.routine_store import ensure_routines_seeded, import_routines
    from triage.cases.standard_replies import ensure_seeded, matcher
    from triage.db import make_engine, transaction, upgrade

    if not folder.is_dir():
        raise typer.BadParameter(f"{folder} is not a folder", param_hint="FOLDER")
    engine = make_engine(settings_from(config))
    upgrade(engine)
    with transaction(engine) as session:
        ensure_seeded(session)
        ensure_routines_seeded(session)
        replies = set(matcher(session).ids)
    library = load_routines(folder, known_replies=replies)
    if library.problems:
        problems = [str(p) for p in library.problems]
        _report("routines (nothing imported)", len(library.routines), problems)
    with transaction(engine) as session:
        done = import_routines(session, library)
    err.print(f"{done.added} new, {done.changed} changed, {done.unchanged} unchanged routines")


@routines_app.command("search")
@exits
def routines_search(
    query: str,
    question_type: Annotated[str | None, typer.Option("--type")] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", help="sv or en: each routine once, in this language first"),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 5,
    config: ConfigOpt = None,
) -> None:
    """The routines that best match QUERY (Swedish or English), best first; none for nonsense."""
    from routines import search

    if language not in (None, "sv", "en"):
        raise typer.BadParameter("sv or en", param_hint="--language")
    library = _office_routines(config)
    hits = search(
        library,
        query,
        question_type=question_type,
        owner=owner,
        prefer_language=language,
        limit=limit,
    )
    if not hits:
        err.print(f"no routine matches {query!r}")
        raise typer.Exit(1)
    for routine, score in hits:
        typer.echo(
            f"{score:5.2f}  {routine.id} ({routine.language})  {routine.title}  "
            f"[{', '.join(routine.question_types)}; owner {routine.owner}]"
        )


def _report(what: str, count: int, problems: list[str]) -> None:
    for problem in problems:
        typer.echo(problem)
    if problems:
        err.print(f"[red]{len(problems)} problem(s)[/red] in {what} ({count} loaded)")
        raise typer.Exit(1)
    err.print(f"{count} {what}: no problems")


@routines_app.command("due")
@exits
def routines_due(config: ConfigOpt = None) -> None:
    """Routines past their review date (the office's approved versions), listed by owner."""
    from routines import by_owner, due_for_review

    settings = settings_from(config)
    overdue = due_for_review(_office_routines(config), settings.today())
    for owner, routines in by_owner(overdue).items():
        typer.echo(f"{owner}:")
        for routine in routines:
            typer.echo(
                f"  {routine.id} ({routine.language}) {routine.title}: "
                f"review was due {routine.review_due}"
            )
    err.print(f"{len(overdue)} routine(s) past their review date")


def _office_routines(config: Path | None) -> RoutineLibrary:
    """The office's approved routines, as the web app shows them (seeded from the files)."""
    from triage.cases.routine_store import ensure_routines_seeded, routine_library
    from triage.db import make_engine, transaction, upgrade

    engine = make_engine(settings_from(config))
    upgrade(engine)
    with transaction(engine) as session:
        ensure_routines_seeded(session)
        return routine_library(session)
