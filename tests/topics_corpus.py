"""Synthetic questions for the period analysis: recurring topics in Swedish and English, each
asked in many wordings, and one-off questions that share nothing but the language (the noise).

`period(seed, per_topic, noise)` mixes them with greetings, personal details and signatures the
way real mail comes, so that clustering has to see through them.

In TOPICS each Swedish wording has an English twin. REPHRASED asks the same four topics again
as people write when nobody translates: half Swedish, half English, neither a translation of the
other, with slang, typos, abbreviations and odd word order. It was written before and apart from
triage/learning/glossary.tsv and must stay so: a test passed by copying its words into the
glossary would say nothing about mail the glossary has not seen."""

from __future__ import annotations

import random

TOPICS: dict[str, list[str]] = {
    # No standard reply and no question type covers it: it must still surface.
    "parking": [
        "Hur ansöker jag om parkeringstillstånd för garaget på campus?",
        "Kan jag som utbytesstudent få parkeringstillstånd i campusgaraget?",
        "Var köper man ett parkeringskort till parkeringsgaraget vid campus?",
        "Mitt parkeringstillstånd för garaget har gått ut, hur förnyar jag det?",
        "Jag fick en parkeringsbot i campusgaraget trots att jag har tillstånd.",
        "Finns det parkeringstillstånd för studenter i garaget under biblioteket?",
        "Vad kostar ett parkeringstillstånd i campusgaraget per termin?",
        "Vem utfärdar parkeringstillstånd för garaget på campusområdet?",
        "Behöver jag parkeringstillstånd för att ställa bilen i campusgaraget på helgen?",
        "Kan min gäst parkera i campusgaraget med mitt parkeringstillstånd?",
        "How do I apply for a parking permit for the campus garage?",
        "Can exchange students get a parking permit for the garage on campus?",
        "Where can I buy a permit to park in the campus parking garage?",
        "My campus garage parking permit expired, how do I renew it?",
        "I got a parking fine in the campus garage although I have a permit.",
        "Is there a student parking permit for the garage next to the library?",
        "How much does a parking permit for the campus garage cost per semester?",
        "Who issues parking permits for the campus garage?",
        "Do I need a parking permit to leave my car in the campus garage at weekends?",
        "Can a visitor use my parking permit in the campus garage?",
    ],
    "visa_insurance": [
        "Vilken försäkring behöver jag för uppehållstillståndet som doktorand?",
        "Räcker min hemlandsförsäkring för ansökan om uppehållstillstånd?",
        "Migrationsverket kräver en sjukförsäkring, vilken ska jag teckna?",
        "Gäller universitetets försäkring Kammarkollegiet för mitt uppehållstillstånd?",
        "Måste försäkringen täcka hela tiden för uppehållstillståndet?",
        "Jag behöver ett försäkringsintyg till Migrationsverket, var får jag det?",
        "Godkänner Migrationsverket en privat sjukförsäkring från mitt hemland?",
        "Ingår jag i Kammarkollegiets försäkring när jag söker uppehållstillstånd?",
        "Vilket försäkringsbevis ska bifogas ansökan om uppehållstillstånd?",
        "Min försäkring slutar innan tillståndet, påverkar det ansökan?",
        "Which health insurance do I need for my residence permit application?",
        "Is my home country insurance enough for the residence permit?",
        "The Migration Agency asks for health insurance, which one should I buy?",
        "Does the Kammarkollegiet insurance count for my residence permit?",
        "Must the insurance cover the whole residence permit period?",
        "Where do I get an insurance certificate for the Migration Agency?",
        "Will the Migration Agency accept private health insurance from abroad?",
        "Am I covered by the Kammarkollegiet insurance when applying for a permit?",
        "Which proof of insurance should I attach to the residence permit application?",
        "My insurance ends before the permit period, is that a problem?",
    ],
    "transcript_erasmus": [
        "När kommer mitt Transcript of Records från partneruniversitetet?",
        "Partneruniversitetet har inte skickat mitt transcript of records än.",
        "Jag behöver mitt Transcript of Records från utbytet för att tillgodoräkna kurserna.",
        "Hur lång tid tar det att få transcript of records efter utbytet?",
        "Kan ni påminna värduniversitetet om mitt transcript of records?",
        "Mitt transcript of records saknar en kurs jag läste på utbytet.",
        "Var skickas transcript of records från utbytesuniversitetet?",
        "Jag har väntat tre månader på transcript of records från Erasmusutbytet.",
        "Måste transcript of records vara original eller räcker en pdf?",
        "Har ni fått mitt transcript of records från universitetet i Lyon?",
        "When will I receive my Transcript of Records from the host university?",
        "The partner university has not sent my transcript of records yet.",
        "I need my Transcript of Records from the exchange to transfer my credits.",
        "How long does it take to get the transcript of records after the exchange?",
        "Could you remind the host university about my transcript of records?",
        "A course I took abroad is missing from my transcript of records.",
        "Where is the transcript of records from the exchange university sent?",
        "I have waited three months for my Erasmus transcript of records.",
        "Does the transcript of records have to be an original or is a pdf fine?",
        "Have you received my transcript of records from the university in Lyon?",
    ],
    "bike_storage": [
        "Finns det ett låst cykelförråd vid studentbostaden?",
        "Var får jag ställa min cykel i korridorboendet, finns cykelrum?",
        "Hur får jag nyckel till cykelförrådet i mitt studenthus?",
        "Min cykel stals från cykelställen utanför bostaden, finns ett låst cykelrum?",
        "Får jag ta in cykeln i lägenheten eller måste den stå i cykelförrådet?",
        "Cykelförrådet i huset är fullt, finns det fler cykelplatser?",
        "Behöver jag en tagg för att komma in i cykelrummet?",
        "Kan jag förvara min cykel i cykelförrådet över sommaren?",
        "Var ligger cykelrummet i mitt studentboende?",
        "Rensas cykelförrådet vid terminsslut, vad händer med min cykel?",
        "Is there a locked bike storage room at my student housing?",
        "Where can I keep my bicycle in the corridor building, is there a bike room?",
        "How do I get a key to the bike storage in my student house?",
        "My bike was stolen from the racks outside, is there a locked bike room?",
        "May I keep my bike inside the flat or must it stay in the bike storage?",
        "The bike storage in my building is full, are there more bicycle spaces?",
        "Do I need a tag to open the bike room?",
        "Can I leave my bicycle in the bike storage over the summer?",
        "Where is the bike room in my student accommodation?",
        "Is the bike storage cleared at the end of term, what happens to my bike?",
    ],
}

REPHRASED: dict[str, list[str]] = {
    "parking": [
        "Tjena, var får man ställa bilen om man bor på campus? Behövs nåt tillstånd?",
        "Fick en p-bot utanför Universitetshuset fast jag trodde att studenter fick stå där.",
        "Hur mycket kostar det att parkera vid universitetet en hel termin",
        "parkerings tillstånd för doktorander - hur söker man?",
        "Får utbytesstudenter använda personalens garage under biblioteket?",
        "Mitt p-tillstånd gick ut förra veckan, måste jag söka om?",
        "Finns det gratis platser att parkera nära institutionen?",
        "Jag pendlar med bil varje dag, vart vänder jag mig för att få parkera?",
        "Garaget vid campus: får gäster stå där på kvällen?",
        "Automaten i parkeringshuset tog inte mitt kort. Hur betalar jag då?",
        "Which garage am I allowed to park in as a visiting researcher, do I need a permit?",
        "got a parking ticket outside the library?? thought students could park there",
        "how much is it to park a car at uni for a whole semester",
        "Parkign permit for the garage - where to apply?",
        "Are the car park spaces under the main building for staff only?",
        "permit to park ran out last week, do I have to apply again",
        "Any free spots to leave a car close to the department?",
        "I drive in from Gävle every day, who do I talk to about somewhere to park?",
        "Can my visitors leave their car in the campus garage in the evening?",
        "The pay machine in the garage rejected my card, how else do I pay for parking?",
    ],
    "visa_insurance": [
        "Migrationsverket skriver att min försäkring inte räcker, vad gör jag nu?",
        "Behöver jag sjukförsäkring innan jag kan få uppehållstilstånd?",
        "Ska söka förlängning av uppehållstillståndet. Måste försäkringen gälla hela perioden?",
        "Vilket försäkringsbolag brukar doktorander ha när de söker hos Migrationsverket?",
        "Gäller Kammarkollegiets försäkring min fru som söker tillstånd som medföljande?",
        "Jag har en privat försäkring från Indien. Godtar Migrationsverket den?",
        "Kan ni intyga att jag är försäkrad via universitetet? Migrationsverket vill ha det.",
        "Uppehållstillstånd för studier, vilka krav finns på försäkringen?",
        "Försäkringen tar slut i mars men tillståndet gäller till juni. Gör det något?",
        "sjukförsäkring till migrationsverket, vad räknas som heltäckande??",
        "The migration agency says my health cover is not comprehensive enough, what now?",
        "do i really need health insurence before the residence permit is granted",
        "Extending my permit to stay: must the insurance run for the whole new period?",
        "Which insurance company do PhD students usually pick for Migrationsverket?",
        "My wife applies as a family member. Is she covered by Kammarkollegiet's insurance?",
        "I have private medical insurance from back home, will Migrationsverket accept it?",
        "Could you confirm in writing that I am insured through the university for my permit?",
        "What does the insurance need to cover for a student residence permit?",
        "Insurance runs out in March but the permit is valid until June - problem?",
        "comprehensive insurance for residence permit: what counts as comprehensive?",
    ],
    "transcript_erasmus": [
        "Värduniversitetet har fortfarande inte skickat mina betyg från utbytet, kan ni jaga dem?",
        "Transcript of records från Erasmus-terminen har inte kommit, vem ska jag kontakta?",
        "Hur länge brukar det dröja innan ToR kommer från partneruniversitetet?",
        "Jag behöver resultatintyget från utbytet för att kunna tillgodoräkna kurserna.",
        "En kurs saknas på mitt transcript från utbytesterminen i Lyon.",
        "Har mitt transcript of recods kommit till er eller skickas det direkt till mig?",
        "Kan ni skynda på värduniversitetet så att de skickar mina resultat från Erasmus?",
        "Duger en inskannad kopia av transcript of records eller krävs originalet?",
        "Tre månader efter utbytet och fortfarande inget transcript of records.",
        "Vart skickar partneruniversitetet mitt transcript of records, till mig eller er?",
        "still no grades from my host uni after the exchange - can you chase them?",
        "Erasmus semester transcript of records hasnt arrived, who should I contact?",
        "How long does the ToR from a partner university usually take to come?",
        "To have my courses credited here I need the transcript from my exchange.",
        "One course is missing on the transcript of records from my semester in Lyon.",
        "Has my transcript of recrods been sent to you or does it come to me directly?",
        "could you push the host university to send my erasmus results",
        "Is a scanned copy of the transcript of records ok or must it be the original?",
        "Three months after coming home and still no transcript of records!",
        "Where does the partner university post the transcript of records, to me or to you?",
    ],
    "bike_storage": [
        "Någon har snott min cykel från stället utanför huset. Finns det nåt låst ställe?",
        "Var kan jag ha cykeln inomhus i korridoren där jag bor?",
        "Hur kommer jag in i cykelrummet, min tagg funkar inte där.",
        "Får man ha cykel på rummet eller måste den stå i förrådet?",
        "Finns det något cykelgarage vid studentbostäderna på Flogsta?",
        "Cykelförådet är fullt hela tiden, kan ni ordna fler platser?",
        "Jag åker hem i sommar, kan cykeln stå kvar i cykelrummet?",
        "Vad händer med cyklar som står kvar i förrådet när terminen slutar?",
        "Behöver jag en extra nyckel till cykelförrådet?",
        "Låst förvaring för cyklar i mitt boende, finns det?",
        "Someone nicked my bike from the rack outside my building, anywhere locked to keep it?",
        "where can i keep my bicycle indoors in my corridor",
        "My tag does not open the bicycle room, how do I get in?",
        "is it ok to keep a bike inside my room or must it go in the storage",
        "Is there a bike garage at the student flats in Flogsta?",
        "Bike storage is always full, could you arrange more spaces?",
        "Going home for the summer - can my bicycle stay in the bike room?",
        "What happens to bicycles left in the storage room at the end of term?",
        "Do I need an extra key for the bike store?",
        "Locked bicycle storage at my accommodation, does it exist?",
    ],
}

NOISE: list[str] = [
    "Har ni öppet på trettondagen? Jag vill lämna ett papper.",
    "Can you recommend a good dentist in town?",
    "Jag tappade mitt paraply i entrén i går, har någon lämnat in det?",
    "Is the gym at the sports hall free for PhD students?",
    "Vilken tid stänger mensan på fredagar?",
    "My laptop screen broke, does the IT desk repair private computers?",
    "Kan jag låna en projektor till en föreläsning nästa vecka?",
    "Where can I print posters in A1 size?",
    "Finns det någon kör på universitetet som tar in nya sångare?",
    "Do you know if the swimming pool downtown has student prices?",
    "Jag vill anmäla mig till svenska för nybörjare, när börjar kursen?",
    "Is there a quiet room for prayer in the main building?",
    "Hur byter jag lösenord till mitt studentkonto?",
    "Can I bring my dog to the office hours?",
    "Vem ansvarar för anslagstavlan vid huvudentrén?",
    "How do I join the chess club?",
    "Min mamma vill besöka mig, finns det gästrum att hyra?",
    "Are there any volunteer opportunities at the museum?",
    "Kan man köpa universitetets tröjor någonstans?",
    "Is the lake near the campus safe for swimming in May?",
    "Jag undrar om det finns vegetarisk mat i caféet.",
    "Where do I report a broken street light on the way to the station?",
    "Får man grilla på gräsmattan bakom biblioteket?",
    "Does the university have a photography society?",
    "Jag har hittat en plånbok i föreläsningssalen, var lämnar jag den?",
    "Can I get a discount on train tickets with my student card?",
    "Hur fungerar tvättstugan i stan, behöver man boka?",
    "What is the best way to get to the airport at five in the morning?",
    "Finns det någon som säljer begagnade vinterjackor?",
    "Could you tell me when the next fire alarm test is?",
    "Vilka dagar är det loppis i aulan?",
    "My thesis supervisor is on leave, who signs my forms?",
    "Kan jag ta med mig min gitarr till musikrummet?",
    "Is there a microwave students can use in the language building?",
    "Jag vill starta en bokcirkel, får vi boka ett grupprum?",
    "How do I cancel my newspaper subscription that came with the welcome pack?",
    "Finns det laddstolpar för elsparkcyklar vid stationen?",
    "Where can I watch the football final on a big screen?",
    "Vem kan hjälpa mig att översätta mitt körkort?",
    "Are pets allowed at the spring festival?",
]

GREETINGS = ["Hej!", "Hej,", "Hello,", "Hi,", "Dear International Office,", "Hallå!", ""]
CLOSINGS = [
    "Tack på förhand.",
    "Thanks in advance.",
    "Thank you!",
    "Tack!",
    "Best,",
    "I would be grateful for a quick answer.",
    "",
]
NAMES = ["Anna Berg", "Liu Wei", "Priya Nair", "Erik Johansson", "Maria Garcia", "Ahmed Ali"]


def mail(rng: random.Random, question: str) -> tuple[str, str, str]:
    """(subject, body, sender name) around one question, with the noise real mail carries."""
    name = rng.choice(NAMES)
    extra = rng.choice(
        [
            "",
            f"My phone is +46 70 {rng.randint(100, 999)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}.",
            f"Mitt personnummer är 9{rng.randint(0, 9)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}"
            f"-{rng.randint(1000, 9999)}.",
            f"Student id {rng.randint(10**7, 10**8 - 1)}.",
        ]
    )
    body = "\n\n".join(
        part
        for part in (rng.choice(GREETINGS), question, extra, rng.choice(CLOSINGS), name)
        if part
    )
    subject = rng.choice(["", "Fråga", "Question", question[:40]])
    return subject, body, name


def period(
    seed: int,
    per_topic: dict[str, int],
    noise: int,
    topics: dict[str, list[str]] = TOPICS,
) -> list[tuple[str, str, str, str | None]]:
    """Shuffled (subject, body, sender, topic or None) mails: `per_topic[t]` of topic t (its
    wordings from `topics`), each wording used once before any is used again, and `noise`
    one-off questions (at most len(NOISE))."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str, str | None]] = []
    for topic, count in per_topic.items():
        wordings = topics[topic][:]
        rng.shuffle(wordings)
        for i in range(count):
            subject, body, name = mail(rng, wordings[i % len(wordings)])
            out.append((subject, body, name, topic))
    pool = NOISE[:]
    rng.shuffle(pool)
    for question in pool[:noise]:  # each once: a question asked twice is a (small) topic
        subject, body, name = mail(rng, question)
        out.append((subject, body, name, None))
    rng.shuffle(out)
    return out
