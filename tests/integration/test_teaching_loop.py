"""The teaching loop on a topic the model misses: questions about driving licences (exchanging
a foreign one, how long it is valid here), which the seed data calls "other", while this office
has them answered by its migration officer (the licence follows the holder's registration in
Sweden). After 50 officers' corrections the retrained model gets most of the topic's unseen
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
    "Kan jag byta mitt utländska körkort mot ett svenskt?",
    "Hur länge gäller mitt körkort från Pakistan i Sverige?",
    "Måste jag ta om uppkörningen för att få svenskt körkort?",
    "Transportstyrelsen säger att jag måste vara folkbokförd för att byta körkort. Stämmer det?",
    "Jag har ett kinesiskt körkort, får jag köra hyrbil här?",
    "Behöver jag internationellt körkort i Sverige?",
    "Mitt körkort går ut medan jag studerar här, hur förnyar jag det?",
    "Kan min man köra bil i Sverige med sitt körkort från Brasilien?",
    "Vilka papper behövs för att växla in ett körkort från Turkiet?",
    "Gäller ett körkort från ett EU-land hela tiden jag bor här?",
    "Can I exchange my foreign driving licence for a Swedish one?",
    "How long is my Pakistani driving licence valid in Sweden?",
    "Do I have to retake the driving test to get a Swedish licence?",
    "The Transport Agency says I must be registered in Sweden to exchange my licence. "
    "Is that right?",
    "I have a Chinese driving licence, can I drive a rental car here?",
    "Do I need an international driving permit in Sweden?",
    "My driving licence expires while I study here, how do I renew it?",
    "Can my husband drive in Sweden with his Brazilian licence?",
    "Which documents do I need to swap a Turkish driving licence?",
    "Is a driving licence from an EU country valid for my whole stay?",
]
# Asked differently, never taught: the topic's held-out questions.
UNSEEN = [
    "Får jag övningsköra i Sverige med mitt indiska körkort?",
    "Vad kostar det att byta ett körkort från Nigeria?",
    "Räknas mitt körkort från Iran som giltigt här?",
    "Hur lång tid tar Transportstyrelsen på sig att byta körkortet?",
    "Can I practise driving in Sweden on my Indian licence?",
    "What does it cost to exchange a Nigerian driving licence?",
    "Is my Iranian driver's license accepted here?",
    "How long does the Transport Agency take to exchange my licence?",
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

    assert missed_before <= 0.5  # the model missed the topic: "other" for most of it
    assert len(corrected) > 25  # most of the 50 were corrections, the rest confirmations
    assert report.promoted
    assert report.office_examples == 50
    assert _topic_accuracy(after) >= 0.75  # unseen questions on the topic, now right
    assert known_after["macro_f1"] >= known_before["macro_f1"] - 0.005
    for label in before.labels:  # no type loses more than one held-out mail in a hundred
        assert _recall(known_after, label) >= _recall(known_before, label) - 0.01, label


def test_the_topics_questions_are_not_in_any_training_or_evaluation_file():
    written = {e.body for e in [*heldout_examples(), *seed_examples()]}

    assert not any(question in body for question in UNSEEN + TAUGHT for body in written)
