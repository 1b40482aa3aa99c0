"""Words that say nothing about what a mail asks: function words of Swedish and English, and the
greetings, thanks and politeness every mail to an office carries. Folded (no diacritics, lower
case), as classifiers.features.fold leaves them, so they match before stemming."""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_SWEDISH = """
aderton adertonde adjo aldrig alla allas allt alltid alltsa andra andras annan annat artonde
artonn att av bakom bara bast bat battre beslut blev bli blir blivit bort borta bra bade da
dag dagar dagarna dagen dar dara darfor de dem den denna deras dess dessa det detta dig din
dina dit ditt dock du dar efter eftersom elfte eller elva en enkel enkelt ens er era ert ett
ettusen fanns far fem femte femtio femtionde femton femtonde fick fin finnas finns fjarde fjol
fjorton fjortonde fler flera flesta fram framfor fran fyra fyrtio fyrtionde ga gick gjort
gjorde god gor gora gott haft han hans har hela heller hellre helst helt henne hennes hit hon
honom hundra hundraen hundraett hur i ibland idag igar igen imorgon in infor inga ingen
ingenting inget innan inne inom inte inuti ja jag jo ju just kan kanske knappast kom komma
kommer kommit kr kunde kunna kunnat kvar langre langt lite liten litet man manga mannen mer
mera mest mig min mina mindre minst mitt mittemot mot mycket ma maste med mellan nagon nagot
nagra nar nasta nej nere ni nio nionde nittio nittionde nitton nittonde nog noll nr nu nummer
och ocksa om oss over pa redan rum sa sade sager samma sedan sig sin sina sist sista sitt sju
sjunde sjuttio sjuttionde sjutton sjuttonde ska skall skulle slutligen sma smatt snart som
stor stora stort storre storst sade tack tidig tidigare tidigast tidigt till tills tillsammans
tio tionde tjugo tjugoen tjugoett tjugonde tjugotre tjugotva tjungo tolfte tolv tre tredje
trettio trettionde tretton trettonde tva tvahundra under upp ur ursakt ut utan utanfor ute
vad var vara varfor varifran varit varje varken vars varsagod vart vem vems verkligen vi vid
vidare viktig viktigare viktigast viktigt vilka vilken vilket vill at atta attio attionde
attonde over overmorgon overst ovre ar aven hej hejsan halla undrar undra fraga fragor fragan
forhand vanliga halsningar mvh tacksam snabbt svar hjalp hjalpa behover behova
"""
_MAIL = """
hello hi dear thanks thank advance grateful quick answer regards best kind please question
questions wonder wondering help need would could like know international office sir madam
email mail yes ok okay just also really
name phone number personnummer id student students studenter studenten
"""
# Words of the office's matters (triage/learning/glossary.tsv) that the general lists call empty:
# "rum" (room) and "beslut" (decision) are what a question is about, as is "move" (move in).
_CONTENT = frozenset(["rum", "beslut", "move"])
STOP_WORDS: frozenset[str] = (
    frozenset({*ENGLISH_STOP_WORDS, *_SWEDISH.split(), *_MAIL.split()}) - _CONTENT
)
