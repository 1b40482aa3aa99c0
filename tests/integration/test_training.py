"""Teaching the classifier: officers' labels retrain it, and a worse model is never promoted."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from tests.factories import make_mail
from triage.learning.training import promoted_path, train_and_promote
from triage.mail.ingest.files import import_paths
from triage.models import Case, TypeLabel, TypeSource


def _import(tmp_path, engine, settings, *mails):
    folder = tmp_path / "mail"
    folder.mkdir(exist_ok=True)
    for i, raw in enumerate(mails):
        (folder / f"{i}.eml").write_bytes(raw)
    from triage.learning.classify import load_classifier

    return import_paths(engine, settings, [folder], "housing", load_classifier(settings))


def test_new_cases_arrive_classified_once_a_model_is_promoted(
    tmp_path, make_settings, engine, with_model
):
    settings = with_model(make_settings())

    _import(
        tmp_path,
        engine,
        settings,
        make_mail("Nyckel", "Jag kommer sent på fredag kväll, hur hämtar jag nyckeln?"),
        make_mail("Tuition", "How do I pay the tuition fee for the spring semester?"),
    )

    with Session(engine) as session:
        cases = session.exec(select(Case).order_by(Case.id)).all()
    assert [c.question_type for c in cases] == ["housing", "fees"]
    assert all(c.type_source == TypeSource.MODEL and c.type_confidence > 0.5 for c in cases)


def test_without_a_model_cases_stay_unclassified_for_review(tmp_path, make_settings, engine):
    settings = make_settings()

    _import(tmp_path, engine, settings, make_mail("Nyckel", "Var hämtar jag nyckeln?"))

    with Session(engine) as session:
        case = session.exec(select(Case)).one()
    assert (case.question_type, case.needs_review) == (None, True)


def test_a_corrupt_model_leaves_cases_unclassified_and_ingestion_goes_on(
    tmp_path, make_settings, engine, with_model
):
    settings = with_model(make_settings())
    (settings.data_dir / "models" / "model-test.skops").write_bytes(b"garbage")

    report = _import(tmp_path, engine, settings, make_mail("Nyckel", "Var hämtar jag nyckeln?"))

    assert report.imported == 1
    with Session(engine) as session:
        assert session.exec(select(Case.question_type)).one() is None


def test_the_first_training_promotes_and_reclassifies_open_cases(tmp_path, make_settings, engine):
    settings = make_settings()
    _import(
        tmp_path,
        engine,
        settings,
        make_mail("Deposition", "När får jag tillbaka depositionen för rummet?"),
    )

    report = train_and_promote(engine, settings)

    assert report.promoted
    assert promoted_path(settings) == report.candidate
    assert report.reclassified == 1
    with Session(engine) as session:
        assert session.exec(select(Case.question_type)).one() == "housing"


def test_a_worse_candidate_is_kept_for_inspection_but_not_promoted(
    tmp_path, make_settings, engine, with_model
):
    settings = with_model(make_settings())
    before = promoted_path(settings)
    # Officers "teach" it nonsense: every housing question of the seed data labelled as fees,
    # twice over, so that it outweighs the seed's own housing examples.
    from classifiers.data import seed_examples

    housing = [e for e in seed_examples() if e.label == "housing"]
    mails = [make_mail(f"{e.subject} ({n})", e.body) for n in range(2) for e in housing]
    _import(tmp_path, engine, settings, *mails)
    with Session(engine) as session:
        for case in session.exec(select(Case)).all():
            session.add(TypeLabel(case_id=case.id, label="fees", kind="correction"))
        session.commit()

    report = train_and_promote(engine, settings)

    assert not report.promoted
    assert report.candidate.exists()
    assert report.candidate.name.startswith("candidate-")
    assert promoted_path(settings) == before
    assert (
        json.loads((settings.data_dir / "models" / "promoted.json").read_text())["file"]
        == before.name
    )


def test_an_office_can_add_a_question_type_and_train_it(tmp_path, make_settings, engine):
    settings = make_settings()
    settings.classifier.question_types = [*settings.classifier.question_types, "parking"]
    asks = [
        ("Parkering", "Hur köper jag ett parkeringstillstånd för campusgaraget?"),
        ("Parking", "Where can I buy a parking permit for the campus car park?"),
        ("P-tillstånd", "Min bil fick en parkeringsbot vid huset, kan ni hjälpa mig?"),
        ("Car park", "Is there student parking near the dorms, and what does a permit cost?"),
        ("Cykel och bil", "Får jag parkera bilen på gården utanför korridoren?"),
        ("Permit for my car", "I got a parking fine on campus, who do I contact?"),
        ("Parkeringsplats", "Kan jag hyra en parkeringsplats per månad?"),
        ("Parking space", "Can I rent a monthly parking space for my car?"),
    ]
    mails = [make_mail(f"{subject} ({n})", body) for n in range(5) for subject, body in asks]
    _import(tmp_path, engine, settings, *mails)
    with Session(engine) as session:
        for case in session.exec(select(Case)).all():
            session.add(TypeLabel(case_id=case.id, label="parking", kind="correction"))
        session.commit()

    report = train_and_promote(engine, settings)

    assert report.office_examples == 40
    from classifiers.model import QuestionTypeModel

    model = QuestionTypeModel.load(report.candidate)
    assert "parking" in model.labels
    prediction = model.predict("Bil", "Var köper man parkeringstillstånd till bilen?")
    assert prediction.label == "parking"


def test_an_office_with_only_its_own_question_types_gets_a_model(tmp_path, make_settings, engine):
    # No seed or held-out mail is of these types: the model is trained on the officers'
    # labels alone and promoted, with nothing to compare it on, and says so.
    settings = make_settings()
    settings.classifier.question_types = ["parking", "library"]
    asks = {
        "parking": [
            ("Parkering", "Hur köper jag ett parkeringstillstånd för campusgaraget?"),
            ("Parking", "Where can I buy a parking permit for the campus car park?"),
            ("Parking space", "Can I rent a monthly parking space for my car?"),
        ],
        "library": [
            ("Lånekort", "Hur får jag ett lånekort till universitetsbiblioteket?"),
            ("Library", "Can I borrow course books from the library over the summer?"),
            ("Overdue book", "I returned my library book late, what is the fine?"),
        ],
    }
    mails = [
        make_mail(f"{s} ({n})", b) for pairs in asks.values() for s, b in pairs for n in range(4)
    ]
    _import(tmp_path, engine, settings, *mails)
    with Session(engine) as session:
        subjects = {f"{s} ({n})": label for label, pairs in asks.items() for s, _ in pairs
                    for n in range(4)}  # fmt: skip
        for case in session.exec(select(Case)).all():
            session.add(TypeLabel(case_id=case.id, label=subjects[case.subject], kind="correction"))
        session.commit()

    report = train_and_promote(engine, settings)

    assert report.promoted
    assert promoted_path(settings) == report.candidate
    assert "held-out set has no mail of this office's question types" in report.summary()
    from classifiers.model import QuestionTypeModel

    model = QuestionTypeModel.load(report.candidate)
    assert sorted(model.labels) == ["library", "parking"]
    assert model.predict("Books", "Can I borrow books from the library?").label == "library"


def test_an_office_with_only_its_own_types_and_no_labels_is_told_why_nothing_trains(
    make_settings, engine
):
    settings = make_settings()
    settings.classifier.question_types = ["parking", "library"]

    with pytest.raises(ValueError, match="no officer has labelled a case"):
        train_and_promote(engine, settings)
