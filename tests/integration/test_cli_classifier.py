"""`triage classify`, `triage train --data`, `triage evaluate` as other tools script them."""

from __future__ import annotations

import json

from sqlmodel import Session, create_engine, select

from tests.factories import make_mail, run_triage
from triage.models import Case, TypeSource


def _run(tmp_path, *args, stdin=""):
    return run_triage(tmp_path, *args, stdin=stdin)


def test_classify_answers_one_json_line_per_input_line(tmp_path, seed_model_file):
    lines = [
        {"subject": "Nyckel", "body": "När kan jag hämta nyckeln till rummet?"},
        {"text": "How and when do I pay the tuition fee?"},
        {"subject": "", "body": ""},
    ]

    done = _run(
        tmp_path,
        "classify",
        "--model",
        str(seed_model_file),
        stdin="\n".join(json.dumps(x) for x in lines) + "\n",
    )

    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["label"] for o in out[:2]] == ["housing", "fees"]
    assert set(out[0]) >= {"label", "confidence", "language", "needs_review", "alternatives"}
    assert out[2]["needs_review"]
    assert "no text" in out[2]["reason"]


def test_classify_reports_a_bad_line_and_goes_on(tmp_path, seed_model_file):
    done = _run(
        tmp_path,
        "classify",
        "--model",
        str(seed_model_file),
        stdin='not json\n{"text": "Var hämtar jag nyckeln?"}\n',
    )

    assert done.returncode == 1
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert "stdin line 1" in first["error"]
    assert second["label"] == "housing"


# SQLite only, on purpose: a newcomer has no configuration, so the database is the default one
# (SQLite under var/); imports into PostgreSQL are tested in test_file_import.py.
def test_a_newcomers_first_import_trains_the_seed_model_once_and_says_so(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "q.eml").write_bytes(
        make_mail("Nyckel", "När kan jag hämta nyckeln till mitt rum i korridoren?")
    )
    question = '{"text": "How and when do I pay the tuition fee?"}\n'

    imported = _run(tmp_path, "import", str(export), "--mailbox", "housing")
    classified = _run(tmp_path, "classify", stdin=question)

    assert imported.returncode == 0, imported.stderr
    assert "no question-type model yet: training one on the seed data" in imported.stderr
    assert "promoted" in imported.stderr
    engine = create_engine(f"sqlite:///{tmp_path / 'var' / 'triage.db'}")
    with Session(engine) as session:
        case = session.exec(select(Case)).one()
    engine.dispose()
    assert (case.question_type, case.type_source) == ("housing", TypeSource.MODEL)
    assert classified.returncode == 0, classified.stderr
    assert "training" not in classified.stderr  # once: the promoted model is used from then on
    assert json.loads(classified.stdout)["label"] == "fees"
    assert len(list((tmp_path / "var" / "models").glob("model-*.skops"))) == 1


def test_train_and_evaluate_any_label_set_from_a_file(tmp_path):
    rows = []
    for i in range(12):
        rows.append(
            {"text": f"my card {i} has not arrived yet, where is it?", "label": "card_arrival"}
        )
        rows.append({"text": f"I want to top up {i} euros by bank transfer", "label": "top_up"})
        rows.append(
            {"text": f"the exchange rate {i} you charged is wrong", "label": "exchange_rate"}
        )
    data = tmp_path / "office.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    model = tmp_path / "office.skops"

    trained = _run(tmp_path, "train", "--data", str(data), "--out", str(model))
    evaluated = _run(tmp_path, "evaluate", "--data", str(data), "--model", str(model), "--json")

    assert trained.returncode == 0, trained.stderr
    assert "3 labels" in trained.stderr
    report = json.loads(evaluated.stdout)
    assert report["accuracy"] == 1.0
    assert set(report["per_label"]) == {"card_arrival", "top_up", "exchange_rate"}
    assert report["confusion"]["labels"] == sorted(report["per_label"])


def test_train_names_the_line_of_a_broken_data_file(tmp_path):
    data = tmp_path / "broken.jsonl"
    data.write_text('{"text": "fine", "label": "a"}\n{"text": "no label here"}\n')

    done = _run(tmp_path, "train", "--data", str(data))

    assert done.returncode == 1
    assert "broken.jsonl:2" in done.stderr
