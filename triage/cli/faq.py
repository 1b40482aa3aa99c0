"""The public FAQ on the command line: export it for the university's own web pages."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from triage.cli.app import ConfigOpt, app, err, exits, settings_from

faq_app = typer.Typer(no_args_is_help=True, help="The public FAQ")
app.add_typer(faq_app, name="faq")


class Format(StrEnum):
    html = "html"
    md = "md"


class Language(StrEnum):
    sv = "sv"
    en = "en"


@faq_app.command("export")
@exits
def faq_export(
    format: Annotated[Format, typer.Option("--format", help="html (a fragment) or md")],
    language: Annotated[Language, typer.Option("--language")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write here instead of standard output")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """The public replies as the FAQ in one language, grouped by question type; an HTML
    fragment to paste into a web page, or Markdown."""
    from triage.cases.faq import as_html, as_markdown, public_entries
    from triage.cases.standard_replies import ensure_seeded
    from triage.db import make_engine, transaction, upgrade

    settings = settings_from(config)
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        ensure_seeded(session)
        entries = public_entries(session, settings, language.value)
    if format is Format.html:
        text = as_html(entries, language.value)
    else:
        text = as_markdown(entries, language.value)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
    err.print(f"{len(entries)} question(s) in the {language.value} FAQ")
