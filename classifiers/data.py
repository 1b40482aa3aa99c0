"""Labelled examples from files: the seed data shipped here, the held-out set, or an office's file.

A file is JSON lines with "label" and either "text" or "subject" + "body" (any label set), or a
CSV with a header naming a text column ("text") and a label column ("label" or "category").
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from classifiers.model import Example

DATA = Path(__file__).parent / "data"
SEED_FILES = (
    "seed_sv_a.jsonl",
    "seed_sv_b.jsonl",
    "seed_sv_c.jsonl",
    "seed_sv_d.jsonl",
    "seed_sv_e.jsonl",
    "seed_sv_f.jsonl",
    "seed_sv_g.jsonl",
    "seed_en_a.jsonl",
    "seed_en_b.jsonl",
    "seed_en_c.jsonl",
    "seed_en_d.jsonl",
    "seed_en_e.jsonl",
    "seed_en_f.jsonl",
    "seed_en_g.jsonl",
    "seed_en_h.jsonl",
)
HELDOUT_FILE = DATA / "heldout.jsonl"


class DataFileError(Exception):
    """A training or evaluation file that cannot be used, with the file and line."""


def seed_examples() -> list[Example]:
    return [e for name in SEED_FILES for e in load_examples(DATA / name)]


def heldout_examples() -> list[Example]:
    return load_examples(HELDOUT_FILE)


def load_examples(path: Path) -> list[Example]:
    if not path.exists():
        raise DataFileError(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        return _from_csv(path)
    examples = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                examples.append(_from_json(path, number, line))
    if not examples:
        raise DataFileError(f"{path}: no examples in the file")
    return examples


def _from_json(path: Path, number: int, line: str) -> Example:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    if not isinstance(row, dict) or not str(row.get("label", "")).strip():
        raise DataFileError(f'{path}:{number}: needs a "label"')
    subject = str(row.get("subject", ""))
    body = str(row.get("body", row.get("text", "")))
    if not (subject or body):
        raise DataFileError(f'{path}:{number}: needs "text", or "subject" and "body"')
    return Example(subject, body, str(row["label"]).strip(), row.get("language"))


def _from_csv(path: Path) -> list[Example]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        label = next((f for f in ("label", "category") if f in fields), None)
        if "text" not in fields or label is None:
            raise DataFileError(
                f"{path}: the header needs a 'text' and a 'label' (or 'category') column"
            )
        return [
            Example("", row["text"], row[label].strip()) for row in reader if row[label].strip()
        ]
