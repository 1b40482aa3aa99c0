"""Questions as requesters write them, Swedish and English, from templates with slots: varied
enough that no two read the same, few enough words that topics recur (the period analysis
clusters them; the benchmark measures only its speed)."""

from __future__ import annotations

import random

Slots = dict[str, tuple[str, ...]]

TOPICS: dict[str, dict[str, tuple[tuple[str, ...], Slots]]] = {
    "housing": {
        "sv": (
            (
                "Jag har betalat {fee} för {room} men inte fått något kontrakt.",
                "När kan jag hämta nyckeln till {room}? Jag landar {when}.",
                "Finns det plats i {room} till {term}?",
                "Hyran för {room} har dragits två gånger i {month}.",
            ),
            {
                "room": ("mitt korridorsrum", "lägenheten", "studentrummet"),
                "fee": ("depositionen", "första hyran"),
                "when": ("sent på kvällen", "en söndag", "den 20:e"),
                "term": ("vårterminen", "höstterminen"),
                "month": ("januari", "augusti"),
            },
        ),
        "en": (
            (
                "I paid the {fee} for my {room} but have not received a tenancy contract.",
                "When can I pick up the key to my {room}? My flight lands {when}.",
                "Are there any {room}s left for the {term}?",
                "The rent for my {room} was charged twice in {month}.",
            ),
            {
                "room": ("corridor room", "studio apartment", "shared flat"),
                "fee": ("deposit", "first rent"),
                "when": ("late at night", "on a Sunday", "on the 20th"),
                "term": ("spring semester", "autumn semester"),
                "month": ("January", "August"),
            },
        ),
    },
    "migration": {
        "sv": (
            (
                "Migrationsverket begär {doc} från universitetet.",
                "Mitt uppehållstillstånd går ut {when}, innan {course} är slut.",
                "Behöver jag {doc} för att förlänga uppehållstillståndet?",
            ),
            {
                "doc": ("ett antagningsbesked", "ett intyg om studieresultat", "en försäkring"),
                "when": ("i mars", "om två veckor"),
                "course": ("kursen", "masterprogrammet"),
            },
        ),
        "en": (
            (
                "The Migration Agency asks for {doc} from the university.",
                "My residence permit expires {when}, before {course} ends.",
                "Do I need {doc} to extend my residence permit?",
            ),
            {
                "doc": ("my letter of admission", "a transcript of records", "health insurance"),
                "when": ("in March", "in two weeks"),
                "course": ("the course", "my master's programme"),
            },
        ),
    },
    "fees": {
        "sv": (
            (
                "Jag har fått en faktura på {fee} men har {grant}.",
                "Kan jag få återbetalning av {fee}? Jag {reason}.",
            ),
            {
                "fee": ("studieavgiften", "anmälningsavgiften", "andra raten"),
                "grant": ("stipendium", "ett utbytesavtal"),
                "reason": ("tackade nej till platsen", "betalade två gånger"),
            },
        ),
        "en": (
            (
                "I received an invoice for {fee} although I have {grant}.",
                "Can {fee} be refunded? I {reason}.",
            ),
            {
                "fee": ("the tuition fee", "the application fee", "the second instalment"),
                "grant": ("a scholarship", "an exchange agreement"),
                "reason": ("declined my place", "paid twice by mistake"),
            },
        ),
    },
    "outbound": {
        "sv": (
            (
                "Jag vill läsa {term} vid {partner} via {programme}.",
                "Mitt learning agreement för {partner} behöver en underskrift före {when}.",
            ),
            {
                "term": ("en termin", "ett helt år"),
                "partner": ("ett universitet i Japan", "KU Leuven", "University of Toronto"),
                "programme": ("Erasmus", "ett bilateralt avtal"),
                "when": ("fredag", "den 15 mars"),
            },
        ),
        "en": (
            (
                "I would like to spend {term} at {partner} through {programme}.",
                "My learning agreement for {partner} needs a signature before {when}.",
            ),
            {
                "term": ("a semester", "a full year"),
                "partner": ("a university in Japan", "KU Leuven", "the University of Toronto"),
                "programme": ("Erasmus", "a bilateral agreement"),
                "when": ("Friday", "15 March"),
            },
        ),
    },
    "other": {
        "sv": (
            (
                "Jag behöver {doc} till {whom}.",
                "Mitt studentkort fungerar inte i {place}.",
                "Vem ska jag kontakta om {thing}?",
            ),
            {
                "doc": ("ett registreringsintyg", "ett utdrag ur Ladok"),
                "whom": ("CSN", "mitt hemuniversitet"),
                "place": ("biblioteket", "labbet"),
                "thing": ("kursregistrering", "parkering vid campus"),
            },
        ),
        "en": (
            (
                "I need {doc} for {whom}.",
                "My student card does not open {place}.",
                "Who should I contact about {thing}?",
            ),
            {
                "doc": ("a certificate of registration", "a transcript"),
                "whom": ("my bank", "my home university"),
                "place": ("the library", "the lab"),
                "thing": ("course registration", "parking on campus"),
            },
        ),
    },
}
SUBJECTS = {
    "housing": ("Boende", "Housing"),
    "migration": ("Uppehållstillstånd", "Residence permit"),
    "fees": ("Studieavgift", "Tuition fee"),
    "outbound": ("Utbytesstudier", "Exchange studies"),
    "other": ("Fråga", "Question"),
}
GREETINGS = {"sv": ("Hej!", "Hej,", "Hejsan,", "God dag,"), "en": ("Hello,", "Hi,", "Dear IO,")}
CLOSINGS = {
    "sv": ("Mvh", "Vänliga hälsningar", "Tack på förhand!"),
    "en": ("Best regards", "Thanks", "Kind regards"),
}
NAMES = ("Anna", "Li", "Omar", "Sofia", "Mateo", "Aiko", "Elias", "Priya", "Jonas", "Fatima")


def question(rng: random.Random, topic: str, lang: str) -> tuple[str, str]:
    """(subject, text) of a question on `topic` in `lang`: one or two filled templates between
    a greeting and a signature."""
    templates, slots = TOPICS[topic][lang]
    chosen = rng.sample(templates, k=min(len(templates), rng.randint(1, 2)))
    lines = [t.format(**{k: rng.choice(v) for k, v in slots.items()}) for t in chosen]
    closing = f"{rng.choice(CLOSINGS[lang])}\n{rng.choice(NAMES)}"
    subject = SUBJECTS[topic][lang == "en"]
    return subject, f"{rng.choice(GREETINGS[lang])}\n\n{' '.join(lines)}\n\n{closing}"
