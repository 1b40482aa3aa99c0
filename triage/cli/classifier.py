"""Classifier commands: classify JSON lines, train (and promote), evaluate."""

from __future__ import annotations

import json
import select
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from triage.cli.app import ConfigOpt, app, err, exits, mail_from_line, notice, settings_from
from triage.errors import Conflict, InvalidInput, NotFound
from triage.settings import Settings

ModelOpt = Annotated[Path | None, typer.Option("--model", help="A model file (default: promoted)")]


def _model(settings: Settings, path: Path | None) -> Any:
    from classifiers.model import ModelFileError, QuestionTypeModel
    from triage.learning.training import load_promoted

    if path is None:
        _train_seed_model_if_none(settings)
    try:
        model = QuestionTypeModel.load(path) if path else load_promoted(settings)
    except ModelFileError as exc:
        raise InvalidInput(str(exc)) from None
    if model is None:
        raise NotFound("no model yet: run `triage train` first (or give --model FILE)")
    if settings.classifier.review_threshold is not None:
        model.review_threshold = settings.classifier.review_threshold
    return model


def _train_seed_model_if_none(settings: Settings) -> None:
    from triage.db import make_engine, upgrade
    from triage.learning.classify import ensure_model
    from triage.learning.training import promoted_path

    if promoted_path(settings) is None:
        engine = make_engine(settings)
        upgrade(engine)  # officers' labels, if any, go into the first model too
        ensure_model(engine, settings, notice)


@app.command("classify")
@exits
def classify(model: ModelOpt = None, config: ConfigOpt = None) -> None:
    """JSON lines {"subject", "body"} (or {"text"}) on stdin -> one prediction per line."""
    settings = settings_from(config)
    classifier = _model(settings, model)
    bad = 0
    for chunk in _chunks_of_stdin():
        mails = [mail_from_line(number, line) for number, line in chunk]
        good = [m for m in mails if isinstance(m, tuple)]
        predictions = iter(classifier.predict_many(good))
        for mail in mails:
            if isinstance(mail, str):  # one output line per input line, so scripts can zip
                bad += 1
                err.print(f"[red]error:[/red] {mail}", highlight=False)
                out: dict[str, Any] = {"error": mail}
            else:
                pred = next(predictions).as_dict()
                out = {k: v for k, v in pred.items() if k != "reason" or v}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if bad:
        raise typer.Exit(1)


def _chunks_of_stdin(size: int = 200) -> Iterator[list[tuple[int, str]]]:
    """Lines in batches (prediction is much faster per batch), but never waiting for more input
    while some is already there to answer: a line typed alone is answered at once."""
    chunk: list[tuple[int, str]] = []
    for number, line in enumerate(sys.stdin, 1):
        if line.strip():
            chunk.append((number, line))
        if len(chunk) >= size or (chunk and not _more_waiting()):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _more_waiting() -> bool:
    try:
        return bool(select.select([sys.stdin], [], [], 0)[0])
    except (OSError, ValueError):  # not a selectable stream (e.g. under a test runner)
        return True


@app.command("train")
@exits
def train_command(
    data: Annotated[Path | None, typer.Option("--data", help="Train only from this file")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the model")] = None,
    config: ConfigOpt = None,
) -> None:
    """Train from the seed data plus officers' labels (and promote if not worse), or from --data."""
    from classifiers.data import DataFileError, load_examples
    from classifiers.model import train
    from triage.db import exclusive, make_engine, upgrade
    from triage.learning.training import models_dir, train_and_promote

    settings = settings_from(config)
    if data is None:
        engine = make_engine(settings)
        upgrade(engine)
        # The nightly training's lock: never two trainings promoting at once.
        with exclusive(engine, "job:train", wait_s=900) as mine:
            if not mine:
                raise Conflict("another process has been training for 15 minutes; try later")
            with err.status("training on the seed data and officers' labels…"):
                report = train_and_promote(engine, settings)
        err.print(report.summary(), highlight=False)
        if report.promoted:
            err.print(f"{report.reclassified} open cases classified again with the new model")
        return
    try:
        examples = load_examples(data)
    except DataFileError as exc:
        raise InvalidInput(str(exc)) from None
    with err.status(f"training on {len(examples)} examples from {data}…"):
        model = train(examples, source=str(data))
    target = out or models_dir(settings) / f"{data.stem}.skops"
    model.save(target)
    err.print(f"model with {len(model.labels)} labels written to {target}")


@app.command("evaluate")
@exits
def evaluate_command(
    data: Annotated[Path, typer.Option("--data", help="Labelled JSON lines or CSV")],
    model: ModelOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    config: ConfigOpt = None,
) -> None:
    """Accuracy, macro-F1, per-label precision/recall and the confusion matrix on --data."""
    from classifiers.data import DataFileError, load_examples
    from classifiers.evaluation import evaluate

    settings = settings_from(config)
    classifier = _model(settings, model)
    try:
        examples = load_examples(data)
    except DataFileError as exc:
        raise InvalidInput(str(exc)) from None
    with err.status(f"evaluating on {len(examples)} examples…"):
        report = evaluate(classifier, examples)
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    _print_report(report)


def _print_report(report: dict[str, Any]) -> None:
    from classifiers.evaluation import REVIEW_TARGET

    out = typer.echo
    out(
        f"examples: {report['examples']}   accuracy: {report['accuracy']:.4f}   "
        f"macro-F1: {report['macro_f1']:.4f}   needs review: {report['needs_review']:.1%}"
    )
    out(
        f"calibration error (ECE): {report['ece']:.3f}   "
        f"errors at confidence >= 0.8: {report['sure_errors']} of {report['sure']}   "
        f"accuracy of the cases not flagged for review: {report['accuracy_not_flagged']:.3f}"
    )
    curve = "  ".join(
        f"{c['threshold']:.2f}: {c['flagged']:.0%} flagged, "
        + ("none left" if c["accuracy"] is None else f"{c['accuracy']:.3f}")
        for c in report["threshold_curve"]
    )
    out(
        f"review threshold for {REVIEW_TARGET:.0%} right among the rest: "
        f"{report['review_threshold']:.2f}"
    )
    out(f"by threshold (share flagged, accuracy of the rest): {curve}")
    table = Table("label", "precision", "recall", "F1", "support", title="per label")
    for label, m in report["per_label"].items():
        table.add_row(
            label,
            f"{m['precision']:.3f}",
            f"{m['recall']:.3f}",
            f"{m['f1']:.3f}",
            str(m["support"]),
        )
    from rich.console import Console

    console = Console(soft_wrap=True)
    console.print(table)
    labels = report["confusion"]["labels"]
    if len(labels) <= 12:
        matrix = Table("true \\ predicted", *labels, title="confusion matrix")
        for label, row in zip(labels, report["confusion"]["matrix"], strict=True):
            matrix.add_row(label, *(str(v) for v in row))
        console.print(matrix)
    else:
        out("(confusion matrix: use --json with this many labels)")
