"""The teaching loop on a topic the model misses: questions about the coordination number
(samordningsnummer), which the model calls "other", while this office has them answered by its
migration officer. After 50 officers' corrections the retrained model gets the topic's unseen
questions right, and nothing it knew before gets worse (it is promoted only if not worse)."""

from __future__ import annotations

from sqlmodel import Session, select

from classifiers.data import heldout_examples, seed_examples
from classifiers.evaluation import evaluate
from classifiers.model import QuestionTypeModel
from tests.factories import make_mail
from triage.learning.training import load_promoted, train_and_promote
from triage.mail.ingest.files import import_paths
from triage.models import Case, TypeLabel

# What students ask about the topic; the corrected cases use these.
TAUGHT = [
    "Hur får jag ett samordningsnummer?",
    "Skatteverket gav mig bara samordningsnummer, inte personnummer. Vad gör jag nu?",
    "Behöver jag samordningsnummer för att öppna bankkonto?",
    "Mitt samordningsnummer har slutat gälla, hur förnyar jag det?",
    "Kan universitetet ansöka om samordningsnummer åt mig?",
    "Hur lång tid tar det att få samordningsnummer?",
    "Jag har samordningsnummer men banken vill ha personnummer, hjälp?",
    "Var ansöker man om samordningsnummer som utbytesstudent?",
    "Går det att byta samordningsnummer mot personnummer?",
    "Min fru behöver också ett samordningsnummer, hur gör vi?",
    "How do I get a coordination number (samordningsnummer)?",
    "The tax agency only gave me a coordination number, not a personal number. What now?",
    "Do I need a coordination number to open a Swedish bank account?",
    "My coordination number expired, how can I renew it?",
    "Can the university apply for a coordination number for me?",
    "How long does it take to get a samordningsnummer?",
    "I have a coordination number but the bank wants a personnummer, help?",
    "Where do exchange students apply for a coordination number?",
    "Can a coordination number be changed into a personal identity number?",
    "My husband also needs a coordination number, what do we do?",
]
# Asked differently, never taught: the topic's held-out questions.
UNSEEN = [
    "Vad är skillnaden mellan samordningsnummer och personnummer?",
    "Jag fick avslag på personnummer, kan jag få samordningsnummer istället?",
    "Måste jag besöka Skatteverket personligen för samordningsnummer?",
    "Vilka papper krävs för samordningsnummer?",
    "What is the difference between a coordination number and a personnummer?",
    "I was refused a personal number, can I get a coordination number instead?",
    "Do I have to visit the tax office in person for a coordination number?",
    "Which documents do I need for a samordningsnummer?",
]
SIGN_OFFS = ["Mvh Sara", "Thanks, Daniel", "/Mei", "Hälsningar Omar", "Best, Lucía"]


def _topic_accuracy(model: QuestionTypeModel) -> float:
    predictions = model.predict_many([("", question) for question in UNSEEN])
    return sum(p.label == "migration" for p in predictions) / len(UNSEEN)


def _recall(report: dict[str, object], label: str) -> float:
    return float(report["per_label"][label]["recall"])  # type: ignore[index]


def test_fifty_corrections_teach_a_missed_topic_and_nothing_else_gets_worse(
    tmp_path, make_settings, engine, with_model
):
    settings = with_model(make_settings())
    before = load_promoted(settings)
    assert before is not None
    heldout = [e for e in heldout_examples() if e.label in before.labels]
    known_before = evaluate(before, heldout)
    missed_before = _topic_accuracy(before)
    mails = [
        make_mail(f"Fråga {n}", f"{question}\n\n{SIGN_OFFS[n % len(SIGN_OFFS)]}")
        for n, question in enumerate(TAUGHT * 3)
    ][:50]
    folder = tmp_path / "mail"
    folder.mkdir()
    for n, raw in enumerate(mails):
        (folder / f"{n}.eml").write_bytes(raw)
    import_paths(engine, settings, [folder], "international", before)
    with Session(engine) as session:
        cases = session.exec(select(Case)).all()
        corrected = [c for c in cases if c.question_type != "migration"]
        for case in corrected:  # what the officers did on the case page
            session.add(TypeLabel(case_id=case.id, label="migration", kind="correction"))
        for case in cases:
            if case not in corrected:
                session.add(TypeLabel(case_id=case.id, label="migration", kind="confirmation"))
        session.commit()

    report = train_and_promote(engine, settings)
    after = load_promoted(settings)
    assert after is not None
    known_after = evaluate(after, heldout)

    assert missed_before <= 0.25  # the model missed the topic: "other" for most of it
    assert len(corrected) >= 40
    assert report.promoted
    assert report.office_examples == 50
    assert _topic_accuracy(after) >= 0.75  # unseen questions on the topic, now right
    assert known_after["macro_f1"] >= known_before["macro_f1"] - 0.005
    for label in before.labels:  # no type loses more than one held-out mail in a hundred
        assert _recall(known_after, label) >= _recall(known_before, label) - 0.01, label


def test_the_topics_questions_are_not_in_any_training_or_evaluation_file():
    written = {e.body for e in [*heldout_examples(), *seed_examples()]}

    assert not any(question in body for question in UNSEEN + TAUGHT for body in written)
