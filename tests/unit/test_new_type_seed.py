"""An office's own type outranks the seed's "other": seed mails in the new type's own words are
set aside when the office trains it; the rest of the seed, and every other type, stays."""

from __future__ import annotations

from classifiers.model import Example
from triage.learning.training import set_aside_for_new_types

SEED = [
    Example("Parkering", "Var köper man parkeringstillstånd för campus?", "other"),
    Example("Parking", "Where do I buy a parking permit for the car park?", "other"),
    Example("Gym", "Is there a student discount at the gym near campus?", "other"),
    Example("Plats", "Kan jag hyra parkeringsplats via hyresvärden?", "housing"),
    *(Example(f"Campus {n}", "Where is the library on campus?", "other") for n in range(200)),
]
PARKING = [
    Example("P", "Hur köper jag ett parkeringstillstånd för garaget?", "parking"),
    Example("P", "Min bil fick en parkeringsbot vid huset.", "parking"),
    Example("P", "Får jag parkera bilen på gården vid campus?", "parking"),
    Example("P", "Can I rent a monthly parking space?", "parking"),
    Example("P", "I got a parking fine on campus.", "parking"),
    Example("P", "Is there student parking near the dorms?", "parking"),
]


def test_seed_others_in_the_new_types_own_words_are_set_aside():
    kept = set_aside_for_new_types(SEED, PARKING)

    assert SEED[0] not in kept
    assert SEED[1] not in kept
    assert SEED[2] in kept  # "campus" is everywhere in the seed: not parking's own word
    assert SEED[3] in kept  # a housing mail stays housing
    assert len(kept) == len(SEED) - 2


def test_labels_the_seed_already_has_set_nothing_aside():
    housing = [Example("Nyckel", f"Var hämtar jag nyckeln {n}?", "housing") for n in range(5)]

    assert set_aside_for_new_types(SEED, housing) == SEED
