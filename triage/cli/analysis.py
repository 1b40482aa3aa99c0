"""`triage analyse`: the audit's period analysis as JSON, Markdown or a self-contained HTML page."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from triage.cli.app import ConfigOpt, app, err, exits, settings_from
from triage.db import make_engine, transaction
from triage.errors import InvalidInput


class AnalysisFormat(StrEnum):
    HTML = "html"
    MD = "md"
    JSON = "json"


@app.command("analyse")
@exits
def analyse(
    start: Annotated[str, typer.Option("--from", help="first day, YYYY-MM-DD (office time)")],
    end: Annotated[str, typer.Option("--to", help="last day, YYYY-MM-DD (included)")],
    mailbox: Annotated[str | None, typer.Option("--mailbox", help="only this mailbox")] = None,
    fmt: Annotated[AnalysisFormat, typer.Option("--format")] = AnalysisFormat.JSON,
    out: Annotated[Path | None, typer.Option("--out", help="write here, not to stdout")] = None,
    config: ConfigOpt = None,
) -> None:
    """The period analysis: volumes per type, mailbox and week with the trend, outcomes and
    referrals, who is best placed to answer, FAQ and standard-reply candidates."""
    from triage.records.analysis import analyse_period, check_period, parse_day
    from triage.records.analysis_render import render_html, render_markdown

    settings = settings_from(config)
    try:
        first, last = parse_day(start, "--from"), parse_day(end, "--to")
        check_period(first, last, settings.today())
        with transaction(make_engine(settings)) as session, _progress() as say:
            report = analyse_period(session, settings, first, last, mailbox, progress=say)
    except InvalidInput as exc:  # a wrong date, period or mailbox is a usage error
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    if fmt == AnalysisFormat.JSON:
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    elif fmt == AnalysisFormat.MD:
        text = render_markdown(report)
    else:
        text = render_html(report)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        err.print(f"wrote {out}", highlight=False)


@contextmanager
def _progress() -> Iterator[Any]:
    """A spinner with the current step on stderr when it is a terminal; silent otherwise."""
    if not err.is_terminal:
        yield lambda _step: None
        return
    with err.status("analysing") as status:
        yield lambda step: status.update(f"analysing: {step}")
