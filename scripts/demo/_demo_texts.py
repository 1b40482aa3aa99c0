"""Hand-written text content for the demo mailbox generator.

Only data lives here; ``make_demo_mailbox.py`` turns it into messages.
Everything is fictional.  Addresses use reserved example domains only.

Keys in ``QUESTIONS`` (all optional except t, l, s, b):
    t     question type: housing | migration | outbound | fees | other
    l     language of the question: sv | en | mixed
    s     subject, b body (the requester's sign-off is added by the generator)
    m     month 1-12 (Dec 2025 .. Nov 2026) when the text is tied to a season
    d     (first, last) day of the month the question may be sent
    box   mailbox the mail arrived at when it differs from the type's default
    cc    a second function mailbox on Cc (same message in both mailboxes)
    who   key into PEOPLE for requesters who come back during the year
    name  (display name, address) for one-off senders with a fixed identity
    nosig the body already ends with its own signature
    k     kind override for the first message (e.g. "thanks")
    r     the office's reply; r2 a second reply after the follow-up
    rbox  mailbox that answers when it is not the one the mail arrived at
    f     the requester's follow-up; fk its kind override
    fmode "refs" (only References set) or "tag" (no threading headers)
    att / fatt / ratt  attachments on question / follow-up / office reply
    html  "alt" | "only" | "related" for the question; hb explicit HTML
    rhtml "related" to give the office reply an inline logo
    cs    charset for the question body
    form  the question arrives through the web form (From noreply@)
"""

from typing import Any

FUNCTION_BOXES = {
    "housing": ("Housing Office", "housing@intl.example.se"),
    "international": ("International Office", "international@intl.example.se"),
    "fees": ("Tuition Fees", "fees@intl.example.se"),
}

DEFAULT_BOX = {
    "housing": "housing",
    "migration": "international",
    "outbound": "international",
    "other": "international",
    "fees": "fees",
}

OFFICERS = {
    "housing": ("Karin Holm", "karin.holm@intl.example.se", "Bostadshandläggare | Housing Officer"),
    "migration": (
        "Johan Ekström",
        "johan.ekstrom@intl.example.se",
        "Handläggare migration | Migration Officer",
    ),
    "outbound": (
        "Sara Lindberg",
        "sara.lindberg@intl.example.se",
        "Utbyteskoordinator | Exchange Coordinator",
    ),
    "fees": (
        "Per Nilsson",
        "per.nilsson@intl.example.se",
        "Avgiftshandläggare | Tuition Fee Administrator",
    ),
}
OFFICERS["other"] = OFFICERS["migration"]

PEOPLE = {
    "erik": ("Erik Johansson", "Erik", "erik.johansson@student.example.se"),
    "anna": ("Anna Lindqvist", "Anna", "anna.lindqvist@student.example.se"),
    "priya": ("Priya Raman", "Priya", "priya.raman@example.com"),
    "mohammed": ("Mohammed Al-Sayed", "Mohammed", "m.alsayed@example.net"),
    "lukas": ("Lukas Becker", "Lukas", "lukas.becker@example.org"),
    "sofia": ("Sofia Esposito", "Sofia", "sofia.esposito@example.com"),
    "lan": ("Nguyen Thi Lan", "Lan", "lan.nguyen@example.net"),
}

# origin -> (first names, family names, family name first?)
NAME_POOLS = {
    "se": (
        [
            "Elin",
            "Johan",
            "Maja",
            "Oskar",
            "Ebba",
            "Gustav",
            "Linnéa",
            "Axel",
            "Wilma",
            "Hugo",
            "Alva",
            "Viktor",
            "Klara",
            "Filip",
            "Ida",
            "Emil",
            "Saga",
            "Albin",
            "Åsa",
            "Björn",
            "Märta",
            "Jonas",
            "Frida",
            "Henrik",
        ],
        [
            "Johansson",
            "Andersson",
            "Karlsson",
            "Eriksson",
            "Larsson",
            "Olsson",
            "Persson",
            "Svensson",
            "Gustafsson",
            "Pettersson",
            "Jonsson",
            "Lindström",
            "Bergström",
            "Åberg",
            "Sjöberg",
            "Öberg",
            "Holmgren",
            "Hedlund",
            "Lundqvist",
            "Nyström",
            "Wikström",
            "Strand",
            "Forsberg",
            "Sandberg",
        ],
        False,
    ),
    "arab": (
        [
            "Omar",
            "Fatima",
            "Yusuf",
            "Layla",
            "Ahmed",
            "Mariam",
            "Khaled",
            "Noor",
            "Hassan",
            "Amira",
        ],
        ["Haddad", "Mansour", "Khalil", "Nasser", "Hamdan", "El-Amin", "Saleh", "Abdullah"],
        False,
    ),
    "in": (
        [
            "Rahul",
            "Ananya",
            "Arjun",
            "Kavya",
            "Vikram",
            "Sneha",
            "Rohan",
            "Divya",
            "Aditya",
            "Meera",
        ],
        ["Sharma", "Iyer", "Patel", "Nair", "Reddy", "Krishnan", "Gupta", "Banerjee", "Menon"],
        False,
    ),
    "cn": (
        ["Wei", "Xiaoling", "Hao", "Yuxin", "Jun", "Mei", "Zhiwei", "Jing"],
        ["Zhang", "Wang", "Li", "Chen", "Liu", "Zhao", "Huang", "Sun"],
        False,
    ),
    "vn": (
        ["Van Minh", "Thi Hoa", "Duc Anh", "Thi Mai", "Quang Huy"],
        ["Tran", "Le", "Pham", "Hoang", "Vu"],
        True,
    ),
    "de": (
        ["Lena", "Jonas", "Hannah", "Felix", "Laura", "Maximilian", "Sophie", "Tobias"],
        ["Müller", "Schneider", "Fischer", "Weber", "Wagner", "Hoffmann", "Schäfer", "Krüger"],
        False,
    ),
    "it_es": (
        [
            "Marco",
            "Giulia",
            "Luca",
            "Chiara",
            "Alessandro",
            "Lucía",
            "Javier",
            "Carmen",
            "Pablo",
            "Irene",
        ],
        [
            "Romano",
            "Ricci",
            "Bianchi",
            "Conti",
            "García",
            "Fernández",
            "López",
            "Martínez",
            "Navarro",
        ],
        False,
    ),
    "fr": (
        ["Camille", "Louis", "Chloé", "Antoine", "Manon", "Théo"],
        ["Dubois", "Lefèvre", "Moreau", "Laurent", "Girard"],
        False,
    ),
    "afr": (
        ["Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Kwame", "Ama", "Wanjiru", "Tendai", "Yaw"],
        ["Okafor", "Adeyemi", "Eze", "Mensah", "Boateng", "Kamau", "Otieno", "Moyo"],
        False,
    ),
    "ir_tr_pk": (
        ["Reza", "Sara", "Ali", "Zeynep", "Emre", "Ayesha", "Bilal", "Shirin", "Hamza"],
        ["Hosseini", "Ahmadi", "Yılmaz", "Demir", "Khan", "Qureshi", "Karimi", "Aydın"],
        False,
    ),
    "latam": (
        ["Mateus", "Gabriela", "Camila", "Diego", "Valentina", "Felipe"],
        ["Silva", "Oliveira", "Santos", "Rodríguez", "Pereira", "Castillo"],
        False,
    ),
    "anglo": (
        ["Emily", "James", "Olivia", "Michael", "Hannah", "Liam", "Grace", "Ethan"],
        ["Smith", "Johnson", "Brown", "Taylor", "O'Connor", "Walsh", "Campbell", "Mitchell"],
        False,
    ),
    "kr_jp": (
        ["Ji-woo", "Min-jun", "Yuki", "Haruto", "Seo-yeon", "Aoi"],
        ["Park", "Kim", "Tanaka", "Sato", "Choi", "Watanabe"],
        False,
    ),
    "fi_pl": (
        ["Aino", "Juha", "Marta", "Piotr", "Katarzyna", "Mikko"],
        ["Virtanen", "Korhonen", "Kowalska", "Nowak", "Wiśniewska", "Mäkinen"],
        False,
    ),
}

SIGNOFFS = {
    "sv": [
        "Mvh\n{full}",
        "Med vänliga hälsningar\n{full}",
        "Hälsningar\n{first}",
        "/{first}",
        "Tack på förhand!\n{first}",
        "MVH {first}",
        "Vänliga hälsningar,\n{full}",
        "{first}",
        "Hälsningar {full}",
        "Tack!\n/{first}",
        "mvh {first}",
    ],
    "en": [
        "Best regards,\n{full}",
        "Kind regards,\n{full}",
        "Thanks,\n{first}",
        "Thank you!\n{first}",
        "Best,\n{first}",
        "Regards\n{full}",
        "Sincerely,\n{full}",
        "Cheers,\n{first}",
        "{first}",
        "Many thanks in advance,\n{full}",
        "Yours faithfully,\n{full}",
    ],
    "mixed": [
        "Tack!\n{first}",
        "Mvh / Best regards\n{full}",
        "Thanks / tack\n{first}",
        "Hälsningar,\n{full}",
    ],
}

DEVICE_LINES = {
    "sv": ["Skickat från min iPhone", "Skickat från Outlook för Android"],
    "en": ["Sent from my iPhone", "Sent from my Galaxy", "Get Outlook for Android"],
}

DISCLAIMERS = [
    "CONFIDENTIALITY NOTICE: This e-mail and any attachments are intended "
    "only for the named recipient and may contain confidential information. "
    "If you have received it in error, please notify the sender and delete "
    "it. Please consider the environment before printing this e-mail.",
    "Questo messaggio e i suoi allegati sono indirizzati esclusivamente al "
    "destinatario. / This message is intended only for the addressee.",
    "När du har kontakt med oss behandlar vi dina personuppgifter. Läs mer "
    "om hur vi gör det på https://www.example.org/personuppgifter",
]

OFFICE_GDPR = (
    "När du har kontakt med International Office behandlar vi dina "
    "personuppgifter. / When you contact the International Office we process "
    "your personal data: https://intl.example.se/personal-data"
)

GREETINGS = {
    "sv": ["Hej {first}!", "Hej {first},", "Hej!", "Hej {first}"],
    "en": ["Dear {first},", "Hi {first},", "Hello {first},", "Dear {full},"],
}

CLOSINGS = {
    "sv": ["Med vänliga hälsningar", "Vänliga hälsningar", "Hälsningar"],
    "en": ["Kind regards,", "Best regards,", "With best wishes,"],
}

# Follow-ups that only chase an answer (used when the text has no own "f").
NUDGES = {
    "sv": [
        "Hej igen!\n\nHar ni hunnit titta på det här? Det är ganska bråttom för mig.",
        "Hej, jag har inte fått något svar än. Har mitt mejl kommit fram?",
        "Påminnelse om mitt mejl nedan. Tack!",
        "Hej! Ursäkta att jag tjatar, men jag behöver verkligen ett svar innan veckan är slut.",
        "hej, nån som kan svara? ringde också men kom inte fram",
    ],
    "en": [
        "Hi again,\n\nJust checking whether you received my email below? "
        "I haven't heard anything yet.",
        "Dear International Office, I am sorry to bother you again but this "
        "is quite urgent for me. Could you please reply?",
        "Any update on this? Thanks.",
        "Hello, I sent this a week ago and I'm still waiting for an answer. "
        "Is there someone I can call instead?",
        "Kind reminder about my question below.",
    ],
}

THANKS = {
    "sv": [
        "Tack för snabbt svar!",
        "Tack så mycket, då vet jag!",
        "Perfekt, tack för hjälpen.",
        "Tusen tack! Det löste sig.",
        "Ok, tack! Då gör jag så.",
    ],
    "en": [
        "Thank you so much, that solves it!",
        "Perfect, thanks a lot!",
        "Great, thank you for your help.",
        "Thanks! That is exactly what I needed to know.",
        "Thank you very much for the quick reply, I really appreciate it.",
    ],
}

SECOND_REPLIES = {
    "sv": [
        "Tack för informationen. Vi har uppdaterat ditt ärende och hör av oss så snart vi vet mer.",
        "Det har vi tagit emot, tack! Vi återkommer om något mer behövs.",
        "Tack! Jag har vidarebefordrat det till rätt handläggare, som "
        "kontaktar dig i början av nästa vecka.",
        "Bra, då är allt klart från vår sida.",
    ],
    "en": [
        "Thank you for the information. We have updated your case and will "
        "get back to you as soon as we know more.",
        "Well received, thank you! We will contact you if anything else is needed.",
        "Thanks – I have passed this on to my colleague who handles these "
        "matters; she will get back to you early next week.",
        "Great, then everything is in order from our side.",
    ],
}

AUTO_REPLIES = {
    "sv": [
        (
            "Frånvaromeddelande",
            "Hej!\n\nJag är på semester till och med {until} och läser inte min "
            "e-post. Ditt meddelande vidarebefordras inte.\n\nMvh",
        ),
        (
            "Autosvar",
            "Tack för ditt mejl. Jag är tjänstledig fram till {until} och har "
            "begränsad tillgång till e-post. Jag svarar så snart jag kan.",
        ),
        (
            "Automatiskt svar",
            "Jag är bortrest och åter {until}. Vid brådskande ärenden, ring studentexpeditionen.",
        ),
        (
            "Frånvaro",
            "Hej, jag är på utbyte och har dålig uppkoppling fram till {until}. Jag återkommer!",
        ),
        ("Frånvaromeddelande", "Jag är på semester. Jag är tillbaka {until}."),
    ],
    "en": [
        (
            "Out of office",
            "Hello,\n\nI am out of the office until {until} with no access to "
            "email. Your message will not be forwarded.",
        ),
        (
            "Automatic reply",
            "Thank you for your message. I am currently travelling and will "
            "reply as soon as possible after {until}.",
        ),
        (
            "Out of Office AutoReply",
            "I'm on holiday until {until}. For urgent matters please contact "
            "my colleague at the front desk.",
        ),
        (
            "Auto",
            "This is an automatic reply. I have limited internet access until "
            "{until} and will answer your email when I am back.",
        ),
        ("Automatic reply", "Thank you for contacting me. I am on parental leave until {until}."),
    ],
}

AUTO_STANDALONE: list[tuple[str, str, str, str, int]] = [
    # (sender name, address, lang, subject of the office's mass mail, body index)
    (
        "Marta Kowalska",
        "incoming@example.org",
        "en",
        "Nominations for exchange studies spring 2027",
        0,
    ),
    (
        "Chiara Conti",
        "relint@example.net",
        "en",
        "Welcome to the International Office newsletter - June",
        1,
    ),
    (
        "Henrik Forsberg",
        "henrik.forsberg@example.org",
        "sv",
        "Information till handledare: utresande studenter HT26",
        1,
    ),
]

BOUNCES: list[tuple[str, str, str, str]] = [
    (
        "Undelivered Mail Returned to Sender",
        "5.1.1",
        "550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown",
        "en",
    ),
    (
        "Delivery Status Notification (Failure)",
        "5.2.2",
        "552 5.2.2 The email account that you tried to reach is over quota",
        "en",
    ),
    (
        "Olevererbart: {subject}",
        "5.7.1",
        "550 5.7.1 Meddelandet avvisades / message rejected as spam",
        "sv",
    ),
    (
        "Returned mail: see transcript for details",
        "5.3.4",
        "552 5.3.4 Message size exceeds fixed limit",
        "en",
    ),
]

QUESTIONS: list[dict[str, Any]] = [
    # ------------------------------------------------------------------ housing
    {
        "t": "housing",
        "l": "en",
        "m": 7,
        "s": "Room offer - deadline to accept?",
        "html": "related",
        "b": """
Hi,

I got an email yesterday saying I have been offered a room at Kantorsgatan (corridor room, 22 m2). The email says I must accept within 3 days but the link in the housing portal gives me an error 500 when I click "Accept" (screenshot below). I really don't want to lose this room. Can you accept it for me or extend the deadline?

My application number is H-2026-04417.""",
        "r": """Thank you for letting us know. We have noted that you want to accept the offer and extended the deadline by five days. The portal error has been reported to IT support; please try again tomorrow and reply to this email if it still fails.""",
        "f": """It still doesn't work :( Same error 500. I tried in Chrome and Firefox and also on my phone.""",
        "r2": """We have now accepted the offer on your behalf – you will receive the contract from the landlord within a week. Sorry for the trouble!""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 7,
        "s": "Hyreskontrakt – när kommer det?",
        "b": """
Hej!

Jag tackade ja till ett rum i Ryd för två veckor sedan men har fortfarande inte fått något kontrakt att skriva under. Min kompis som fick rum samma dag har redan fått sitt. Har ni glömt mig?""",
        "r": """Kontrakten skickas ut i den ordning hyresvärden hinner registrera dem. Ditt kontrakt är registrerat och ska komma via e-post från hyresvärden inom en vecka. Hör av dig om det inte har kommit senast fredag nästa vecka.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 8,
        "d": (1, 12),
        "s": "Late arrival - flight cancelled",
        "b": """
Hello,

My flight from Lagos has been cancelled and I will only arrive on 24 August at 23:40, which is a Sunday night. The key pick-up information says the housing office is closed on weekends. Where can I get my keys? Is there a key box or someone on duty? I have nowhere else to stay.

Please help, I am quite stressed about this.""",
        "r": """Don't worry – we can arrange a late arrival. Your keys will be placed in a key box at the reception of your building; the code will be sent to you by SMS on the day of arrival. Please fill in the late arrival form on the housing web page no later than 20 August.""",
        "f": """Thank you so much! I filled in the form. Just to confirm, the SMS will go to my Nigerian number? My Swedish SIM card won't be active until later.""",
        "r2": """Yes, the SMS goes to the number in your application, including the country code. It works with foreign numbers.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "s": "nycklar",
        "b": """
Hej, var hämtar man nycklarna till Flogsta?""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 1,
        "s": "URGENT - NO HOT WATER",
        "b": """
THERE HAS BEEN NO HOT WATER IN MY APARTMENT FOR 4 DAYS!!! I HAVE CALLED THE NUMBER ON THE WEBSITE 6 TIMES AND NOBODY ANSWERS. THIS IS NOT ACCEPTABLE. I PAY 5200 SEK PER MONTH FOR THIS.

ADDRESS: STUDENTVÄGEN 14B, ROOM 1207""",
        "r": """We are sorry to hear this. Fault reports are handled by the landlord, not by the International Office, but we have forwarded your report to their emergency line and asked them to contact you today. For future faults, please use the landlord's fault report form (felanmälan), which is monitored also at weekends.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 7,
        "s": "Återbetalning av deposition",
        "b": """
Hej

Jag flyttade ut den 31 maj och lämnade tillbaka nycklarna samma dag. Nu har det gått över sex veckor och jag har inte fått tillbaka min deposition på 3000 kr. Mitt kontonummer har jag redan skickat in via formuläret. När kan jag förvänta mig pengarna?""",
        "r": """Depositionen betalas tillbaka när slutbesiktningen är godkänd och eventuella avdrag är gjorda. Vi ser att din besiktning är godkänd och att utbetalningen ligger i nästa betalningsomgång, som görs den 25:e varje månad.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 2,
        "s": "aterbetalning deposition",
        "b": """
hej jag har inget svenskt tangentbord sa ursakta stavningen. jag vill fraga om aterbetalning av depositionen, jag flyttade hem till Finland i december och har inte fatt nagot. kan ni kolla? mitt personnummer ar 19990412-XXXX""",
        "r": """Vi har kontrollerat ditt ärende. Utbetalningen stoppades eftersom vi saknar ett IBAN-nummer – svenska kontonummer fungerar inte för finska konton. Skicka IBAN och BIC till oss så betalar vi ut depositionen i nästa omgång.""",
        "f": """ok tack! IBAN: FI21 1234 5600 0007 85, BIC: NDEAFIHH. kontohavare ar jag sjalv.""",
        "fmode": "refs",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 1,
        "d": (1, 9),
        "s": "Move-out cleaning checklist",
        "b": """
Dear Housing Office,

I'm moving out on January 15. Is there a checklist for the final cleaning? My neighbour told me they charged her 1500 SEK because the oven was not clean enough. I would like to avoid that.

Also, do I need to be present at the inspection or can I just leave the keys?

Thank you in advance.""",
        "r": """Yes, you find the cleaning checklist attached to your contract and on the landlord's website under "Moving out". You do not need to be present at the inspection, but if you are not, you cannot object to any remarks on site. Please leave your keys in the key drop box at the housing reception.""",
        "f": """Thanks. One more thing: the fridge in our corridor kitchen is shared by 8 people - who is responsible for cleaning that? I don't want to pay for other people's mess.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 10,
        "s": "Noise complaint - corridor party every night",
        "b": """
Hi,

I'm sorry to write about this but I don't know who else to contact. Since the start of the semester some people in my corridor (house 5, floor 2) have parties almost every night until 3 or 4 in the morning. I have exams in two weeks and I cannot sleep.

I have talked to them twice. They were friendly but nothing changed. Last weekend someone broke a glass in the kitchen and nobody cleaned it up.

I don't want to get anyone in trouble, I just want to be able to sleep. Is it possible to move to another room, or can you talk to them?

I would prefer if you don't mention my name.""",
        "r": """Thank you for telling us, and of course we will not mention your name. Disturbances are handled by the landlord's on-call security (störningsjour), which you can call at night when it happens – that creates a report that the landlord acts on. We have also informed the landlord. Moving to another room is possible, but there is currently a waiting list of about four weeks.""",
        "f": """I called the störningsjour on Friday night and they came, it was quiet after that. But yesterday it started again. Can you put me on the waiting list for another room please? Any corridor is fine, just not house 5.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 9,
        "s": "Hyran för september",
        "b": """
Hej,
Fick en påminnelse om att hyran för september inte är betald, men jag betalade den 28 augusti. Jag har kvitto från banken. Vad ska jag göra? Jag vill inte få någon avgift.""",
        "r": """Betalningen kan ha kommit in efter att påminnelserna skapades. Skicka kvittot till hyresvärdens kundtjänst så stryker de påminnelsen. Vi har tyvärr inte tillgång till hyresreskontran själva.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 12,
        "s": "Can my partner live with me?",
        "b": """
Hi! My girlfriend will visit me from Brazil for 3 months in spring. Is it ok for her to stay in my room? It's a single room with private bathroom. Do we need to pay more rent?""",
        "r": """Short visits are fine, but the contract for a single room does not allow a second person to live there for longer periods – three months would count as co-habitation and is not permitted. Please contact the landlord about a couples' apartment; those are offered on a first-come basis.""",
        "f": """Ok, I understand. How do I apply for a couples apartment? Do we both need to be students?""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 9,
        "box": "international",
        "s": "housing guarantee?",
        "b": """
hello do exchange students get guaranteed housing? I am from Univ. of Melbourne coming in spring 2027""",
        "r": """Yes – exchange students from our partner universities who apply before the housing deadline (15 October for the spring semester) are guaranteed an offer. The housing application opens when you receive your admission letter.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 8,
        "s": "Tappat nyckelbrickan",
        "b": """
Hej! Jag har tappat bort min nyckelbricka (tror den ramlade ur fickan på bussen). Hur gör jag för att spärra den och få en ny? Vad kostar det? Jag bor på Rackarbergsgatan.""",
        "r": """Spärra brickan direkt genom att ringa hyresvärdens kundtjänst – utanför kontorstid finns en jourlinje. En ny bricka kostar 350 kr och hämtas i receptionen mot legitimation.""",
    },
    {
        "t": "housing",
        "l": "mixed",
        "m": 11,
        "s": "Kontrakt / contract question",
        "b": """
Hej! Sorry my Swedish is not so good yet. Jag har fått ett kontrakt but it says "andrahandsuthyrning ej tillåten" and "uppsägningstid 1 månad". Does it mean I must pay one more month if I leave in January? Tack!""",
        "r": """"Uppsägningstid 1 månad" means a notice period of one month: you must give notice at least one calendar month before you move out, otherwise you will pay rent for the extra month. "Andrahandsuthyrning ej tillåten" means that you may not sublet the room to someone else.""",
        "f": """Tack! So if I leave 20 January I should send the uppsägning before 20 December? Or before 1 December?""",
        "r2": """Notice is counted per calendar month, so to move out on 31 January you must give notice no later than 31 December. Moving out on 20 January does not reduce the rent for January.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 8,
        "s": "Damage in room at move-in (photos attached)",
        "att": [("jpg", "IMG_2041.jpg"), ("jpg", "IMG_2042.jpg")],
        "b": """
Dear Sir or Madam,

I moved into my room at Vallavägen 3, apt 1104 yesterday. Unfortunately the room was not in good condition: there is a big stain on the mattress, a crack in the window and the desk lamp does not work. I have attached photos.

I want to make sure I am not charged for these damages when I move out. Could you please register them?""",
        "r": """Thank you for the photos. Please also submit them through the move-in inspection protocol (inflyttningsprotokoll) within 7 days of moving in – that is the document the landlord uses at move-out. We have saved your email in your housing file.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 11,
        "s": "Förlänga kontraktet till vårterminen?",
        "b": """
Hej!

Jag är utbytesstudent och skulle egentligen bara stanna höstterminen men har nu fått förlängt utbyte till juni. Kan jag behålla mitt rum? Kontraktet går ut 15 januari.

Tack på förhand!""",
        "r": """Det går bra att förlänga om du skickar in ett intyg från din institution om förlängt utbyte. Vi behöver intyget senast 1 december för att hinna förlänga kontraktet.""",
        "f": """Intyget bifogas! Hoppas det räcker med det här från koordinatorn, det är inte underskrivet men skickat från hennes mejl.""",
        "fatt": [("pdf", "Intyg_förlängt_utbyte.pdf")],
        "r2": """Det räcker bra, tack. Kontraktet är förlängt till 15 juni och du får ett nytt kontrakt från hyresvärden.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 8,
        "s": "Room offer declined by mistake",
        "b": """
Hi, I think I clicked 'decline' instead of 'accept' on my room offer this morning (I was on my phone, the buttons are very close to each other). Is there any way to undo it?? I really need the room.""",
        "r": """Unfortunately a declined offer cannot be restored, as the room is immediately offered to the next person in the queue. We have however put you back in the queue with your original application date, so you should receive a new offer soon.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 7,
        "who": "priya",
        "s": "Bed linen and kitchen equipment",
        "b": """
Hello, does the room come with bed sheets, pillow, duvet? And is there kitchen equipment like pots and plates in the corridor? I am trying to decide what to pack. Thanks!!""",
        "r": """Rooms are furnished (bed, desk, chair, wardrobe) but bed linen, pillow and duvet are not included. Kitchen equipment varies between corridors. You can buy a starter kit with linen and basic kitchen items at the welcome desk during the arrival days.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 12,
        "s": "Klagomål – mögel i badrummet",
        "b": """
Hej,

Jag har nu för tredje gången felanmält mögel i badrummet (i taket ovanför duschen och längs fogarna). Första gången i oktober, sen i november och nu igen. Varje gång kommer någon och sprayar något och säger att det ska vara bra, men efter två veckor är det tillbaka.

Jag har astma och märker att jag blir sämre. Jag har läkarintyg om det behövs.

Jag vill antingen att det åtgärdas ordentligt eller att jag får flytta till ett annat rum. Jag tycker inte heller att jag ska betala full hyra för ett rum som gör mig sjuk.

Ärendenummer hos hyresvärden: FA-88213, FA-90117, FA-93002""",
        "r": """Vi har kontaktat hyresvärdens förvaltare och bett om en fuktmätning och en ordentlig sanering. Vi har också begärt att du ska erbjudas ett annat rum under tiden. Ditt läkarintyg kan vara bra att skicka direkt till hyresvärden som underlag för en eventuell hyresreduktion.""",
        "f": """Tack. Förvaltaren ringde idag och ska komma på torsdag. Men de sa inget om ett annat rum, vet ni något mer?""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 6,
        "s": "Inspection result - I disagree",
        "att": [("pdf", "Besiktningsprotokoll_slutbesiktning.pdf")],
        "b": """
Hello,

I received the final inspection report (attached) and they want to charge me 2 400 SEK for "holes in wall" and "floor damage". The holes were there when I moved in (I can't prove it, I didn't take photos, I know...). The floor damage is normal wear in my opinion, the chair has no felt pads.

Can I appeal this? Who decides?""",
        "r": """You can dispute the charges with the landlord within 14 days of receiving the report. Write to them explaining which items you dispute and why. If you cannot agree, the dispute can be taken to the rent tribunal (hyresnämnden). The International Office cannot decide on the charges, but we are happy to read your text before you send it.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 1,
        "s": "tvättstugan",
        "b": """
hej! hur bokar man tvättstugan? hittar ingen bokningstavla nånstans och alla i korridoren säger olika saker""",
        "r": """Tvättstugan bokas i hyresvärdens app eller på bokningstavlan vid entrén till tvättstugan i hus 3. Du loggar in i appen med ditt kontraktsnummer.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 5,
        "s": "Sublet my room over summer?",
        "b": """
Hi, I'm going home to Canada from June 10 to August 15. Can I sublet my room to a friend during this time? He is also a student. It seems a waste to pay rent for an empty room.""",
        "r": """Subletting requires written approval from the landlord and is normally only approved for studies or work elsewhere. You can apply via their website, but for a summer holiday the answer is usually no. You could instead terminate your contract and apply again in August, but then the room is not guaranteed.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 5,
        "name": ("Sunil Mehta", "sunil.mehta@example.net"),
        "s": "My son's housing",
        "b": """
Dear International Office,

I am writing on behalf of my son, Rahul Mehta, who will start his Master's programme in Computer Science in August. He has been admitted but has not yet received any housing offer, and we are worried because he needs an address for the visa application (he is told that the embassy asks about accommodation).

Could you kindly confirm whether he will receive accommodation and when? We are ready to pay any deposit in advance.

With warm regards""",
        "r": """Thank you for your email. Because of data protection rules we can only discuss the details of an application with the student himself, so please ask Rahul to contact us from the email address he used in his application. In general, fee-paying master's students who apply before 1 June receive a housing offer in July.""",
        "f": """Thank you for your reply. I understand. Rahul will write to you himself. Please note that an address is not required for the residence permit application, I have now learned.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 7,
        "s": "Ändra inflyttningsdatum",
        "b": """
Hej, kan jag flytta in redan 10 augusti i stället för 20? Jobbar på universitetet i sommar så skulle vara smidigt""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 8,
        "who": "lukas",
        "s": "Internet not working in my room",
        "b": """
Hi, I have moved in but the internet is not working. The ethernet port in the wall doesnt give any connection and I cant find the wifi network mentioned in the welcome letter. Who do I contact?""",
        "r": """Internet is provided by the landlord's network provider and your account needs to be activated first: follow the activation link in the welcome letter (you need your contract number). If it still does not work, contact the provider's support number printed on the letter.""",
        "f": """Found it, the activation link was in my spam folder. Works now, thanks!""",
        "fk": "thanks",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 7,
        "who": "mohammed",
        "s": "Is this landlord legit?",
        "rhtml": "related",
        "ratt": [("pdf", "Safe_housing_tips.pdf")],
        "b": """
Hi,

I couldn't get university housing so I found an apartment on a Facebook group. The landlord says he is abroad and wants me to pay 2 months deposit (18 000 SEK) via Western Union before he can send the keys by post. Is this normal in Sweden? Something feels off.

I copied the ad below.

---
Beautiful 1 room apartment, central, fully furnished, 9000 kr/month, all included. Available from 1 Aug. Contact me on WhatsApp only.""",
        "r": """Please do NOT pay anything. This is a very common scam: a "landlord" who is abroad, payment via Western Union and keys sent by post are all typical signs. In Sweden you should always see the apartment and sign a contract before paying. Attached is a list of safer ways to find accommodation.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 8,
        "s": "Parkering vid studentbostäderna",
        "b": """
Hej!
Finns det parkeringsplats att hyra vid studentbostäderna på Lärkan? Jag har bil och pendlar till praktiken två dagar i veckan.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 8,
        "s": "waiting list number?",
        "b": """
what number am I in the housing queue? applied 3 weeks ago, still no offer. application H-2026-05561""",
        "r": """You are currently number 212 in the queue for single rooms. Offers are sent continuously as rooms become available; most applicants in your position get an offer before the end of August.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 10,
        "d": (1, 14),
        "who": "sofia",
        "s": "Early termination of contract - family reasons",
        "b": """
Dear Housing team,

Due to a serious illness in my family I have to go back to Italy and will not return this semester. My contract runs until 31 January. Is it possible to terminate it early without paying the full notice period? I can provide a certificate if needed.

I am sorry for the short notice.""",
        "r": """We are very sorry to hear about your family situation. The landlord can approve early termination for special reasons. Please send us the certificate and the date you leave, and we will submit the request. You can also help by suggesting someone from the waiting list who can take over the room.""",
        "f": """Thank you for your understanding. I leave on 28 October. The certificate is from a hospital in Naples and is in Italian, is that ok or do I need a translation?""",
        "r2": """A certificate in Italian is fine, the landlord accepts it together with a short explanation in English. We will submit the request as soon as we have it.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 8,
        "s": "Katt i studentrummet?",
        "b": """
Får man ha katt i studentrummet? Har en liten innekatt som är jättesnäll, hon skulle inte störa någon.""",
    },
    {
        "t": "housing",
        "l": "en",
        "m": 12,
        "s": "Arriving 3 January - is the office open?",
        "b": """
Hi,

I arrive in Sweden on January 3rd around 14:00. Will the housing office be open between Christmas and New Year / early January? Where do I pick up my keys?""",
        "r": """The housing reception is closed 23 December – 6 January. Keys for students arriving during that period can be collected from the key box at the main entrance of your building; the code is sent by email two days before your arrival date.""",
    },
    # ---------------------------------------------------------------- migration
    {
        "t": "migration",
        "l": "en",
        "m": 4,
        "s": "Residence permit application - what documents?",
        "b": """
Hello,

I have been admitted to the Master's programme in Sustainable Energy Engineering starting in August 2026. I am from Pakistan. What documents do I need for the residence permit application to Migrationsverket? Do I need my admission letter from you or is the one from University Admissions enough?

Thank you""",
        "r": """The notification of selection results from University Admissions is what Migrationsverket asks for; you do not need a separate letter from us. You will also need a valid passport, proof that you have paid the first tuition fee instalment and proof that you have enough money for your living costs. Please see the checklist on Migrationsverket's website.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 7,
        "who": "priya",
        "s": "Decision time for residence permit",
        "b": """
Hi, I applied for my residence permit on 2 May and it still says "under review". Classes start on 24 August. How long does it usually take? Is there anything the university can do to speed it up? I'm really worried I'll miss the start.""",
        "r": """Processing times vary; Migrationsverket shows its current estimate for study permits on its website. The university cannot speed up individual cases, but if you have not received a decision by 10 August, send us your case number and we can confirm to Migrationsverket that you are admitted and that the programme starts on 24 August.""",
        "f": """My case number is 26-345678. Still no decision today. I have also sent them a message through their contact form.""",
        "r2": """Thank you. We have sent a confirmation of your admission to Migrationsverket today. If you arrive late, please inform your programme coordinator – late arrival of up to two weeks is usually fine.""",
    },
    {
        "t": "migration",
        "l": "sv",
        "m": 5,
        "s": "Uppehållstillstånd förlängning",
        "b": """
Hej,

Mitt uppehållstillstånd går ut den 30 juni men jag har förlängt mina studier med en termin eftersom jag inte hann bli klar med examensarbetet. Vad behöver jag från universitetet för att söka förlängning? Ett intyg från institutionen?""",
        "r": """Du behöver ett intyg om fortsatta studier som visar vilka kurser du ska läsa och att du har klarat tidigare studier i rimlig takt. Intyget utfärdas av din institution – vi kan hjälpa till om det blir problem. Ansök om förlängning innan ditt nuvarande tillstånd går ut, så får du stanna medan ansökan prövas.""",
        "f": """Tack. Institutionen säger att de inte vet vilket intyg det är. Har ni en mall jag kan skicka till dem?""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 5,
        "d": (1, 20),
        "who": "mohammed",
        "s": "Migrationsverket asked for supplementary documents",
        "att": [("rfc822", "")],
        "b": """
Hi,

I received the message below from Migrationsverket (forwarded as attachment). They ask me for "additional documents showing that you have sufficient means". I already submitted my bank statement. What else can they mean? My sponsor is my uncle. Is that allowed?""",
        "r": """Migrationsverket wants to see that the money is at your own disposal. A statement from your uncle's account is normally not accepted unless the money is transferred to an account in your name, or you have a sponsor letter that meets their requirements. Please read the section about money to support yourself on their website and reply before the deadline in their letter.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 10,
        "who": "lan",
        "s": "Health insurance for residence permit",
        "b": """
Hello, I'm an exchange student coming for one semester (January - June 2027). Migrationsverket says I need comprehensive health insurance. Does the university insurance count? Where can I get a certificate?""",
        "r": """Yes – exchange students within our agreements are covered by the university's student insurance from Kammarkollegiet. You can download the insurance certificate from our web page; it is accepted by Migrationsverket.""",
        "f": """I downloaded the certificate but it does not have my name on it. Is that ok?""",
        "r2": """Yes, that is correct – the certificate is general and Migrationsverket knows it. Upload it together with your admission letter.""",
    },
    {
        "t": "migration",
        "l": "sv",
        "m": 7,
        "s": "Överklaga avslag på uppehållstillstånd",
        "b": """
Hej,

jag har fått avslag på min ansökan om uppehållstillstånd för studier, Migrationsverket menar att jag inte har visat att jag har tillräckligt med pengar. Men jag HAR pengarna, det var bara att kontoutdraget inte var på engelska eller svenska.

Kan jag överklaga? Hur lång tid har jag på mig? Kan universitetet skriva något som stöd?""",
        "r": """Ja, du kan överklaga beslutet. Tiden är normalt tre veckor från den dag du fick del av beslutet, så vänta inte. Överklagandet skickas till Migrationsverket, som skickar det vidare till migrationsdomstolen om de inte ändrar beslutet själva. Bifoga en översättning av kontoutdraget. Vi kan skriva ett intyg om att du är antagen och att platsen hålls, men vi kan inte bedöma dina medel.""",
        "f": """Tack så mycket. Ja, jag vill gärna ha ett intyg om att platsen hålls. Kan det skickas på mejl som pdf?""",
        "r2": """Intyget är bifogat. Lycka till med överklagandet!""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 5,
        "s": "admission letter for visa",
        "b": """
Can I get an admission letter signed and stamped? The embassy in Dhaka wants an original letter.""",
        "r": """We do not issue stamped letters – the notification of selection results from University Admissions is the official document and Migrationsverket handles the whole application online. If the embassy asks for more, please ask them to contact us at international@intl.example.se.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 6,
        "s": "Fingerprints for the residence permit card",
        "b": """
Hi! I got a positive decision 🎉 but I have to go to the embassy for fingerprints and photo for the residence permit card. The nearest Swedish embassy is in another country (I'm from Bhutan, the embassy is in New Delhi). Can I do the fingerprints in Sweden instead after arrival?""",
        "r": """Congratulations! It depends on your nationality. If you need a visa to enter Sweden, you must visit the embassy before you travel. If you do not need a visa, you can book an appointment at a Migrationsverket service centre in Sweden after arrival. Please check Migrationsverket's page about the residence permit card.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 4,
        "att": [("tnef", "winmail.dat")],
        "s": "Residence permit for my family (spouse and child)",
        "b": """
Dear Sir/Madam,

I have been admitted to the two-year Master's programme in Public Health starting this autumn. I would like my wife and our 4-year-old daughter to come with me to Sweden.

Could you please tell me how much money I need to show for my family in addition to my own maintenance? And should they apply at the same time as me or after I have received my permit?

Also, will my daughter be able to attend preschool, and is my wife allowed to work while we are in Sweden?

I attach my admission letter and our passports.

Thank you very much for your kind assistance.""",
        "r": """Your family members can apply at the same time as you, which is usually the fastest. You need to show money for each family member in addition to your own maintenance; the amounts are listed on Migrationsverket's website. Your wife will be allowed to work, and children with a residence permit can attend preschool. Note: your attachments arrived as a file called winmail.dat that we cannot open – please resend them as PDF.""",
        "f": """I am very sorry about the attachments. I have now changed the settings in my email program. Here are the documents again as PDF.""",
        "fatt": [("pdf", "Admission_letter.pdf"), ("pdf", "Passports_family.pdf")],
    },
    {
        "t": "migration",
        "l": "en",
        "m": 9,
        "s": "Personal number - bank account",
        "b": """
Do I need a personal number (personnummer)? The bank won't let me open an account without it. My residence permit is for 11 months only.""",
        "r": """With a permit shorter than one year you cannot be registered in the population register, so you will not get a personal number. Some banks open accounts for international students with a passport and a certificate of registration from us – you can download the certificate in Ladok.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 9,
        "s": "Can I work part-time on a student permit?",
        "b": """
Hello, I have found a part-time job at a café (about 15 hours per week). Am I allowed to work with a student residence permit? Do I need to tell Migrationsverket?""",
        "r": """Yes, you may work while you study and there is no limit on hours. However, when you apply for an extension, Migrationsverket checks that you have passed your studies at a reasonable pace, so make sure the job does not affect your studies.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 7,
        "who": "lukas",
        "s": "EU citizen - do I need to register?",
        "b": """
Hi, I'm from Germany and will study in Sweden for one year. Do I have to apply for anything with Migrationsverket? Someone told me I need to register.""",
        "r": """As an EU citizen you do not need a residence permit. If you stay for a year or more, you can register with the Swedish Tax Agency (Skatteverket) to get a personal number – it is not mandatory but makes everyday life easier.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 5,
        "d": (15, 31),
        "box": "fees",
        "s": "Migrationsverket asks for proof of tuition fee payment",
        "b": """
Hello, Migrationsverket says "please submit documents showing that the first tuition fee instalment has been paid". I paid the invoice on 14 May. Can you send me a receipt or confirmation I can upload?""",
        "r": """Certainly – a payment confirmation is attached. You can upload it directly to your application.""",
        "ratt": [("pdf", "Payment_confirmation_2026-10443.pdf")],
    },
    {
        "t": "migration",
        "l": "sv",
        "m": 5,
        "s": "beslutstid",
        "b": """
Hej hur lång tid tar det innan man får beslut om uppehållstillstånd? Ansökte i mars.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 4,
        "s": "Job seeker permit after graduation",
        "b": """
Hi, I graduate in June. Can I stay in Sweden to look for a job? I heard about a "job seeker permit" but I don't know the details.""",
        "r": """After completing your degree you can apply for a residence permit to look for work or start a business, for up to 12 months. You must apply before your current permit expires, and you need comprehensive health insurance for the period.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 8,
        "s": "plz help visa rejected",
        "b": """
hi i apply residence permit but they reject because they say my bank statment is not original. i have send again but now they say i need to apeal. i dont understand what is apeal. my class start next month what i do?? pls reply fast""",
        "r": """An appeal (överklagande) means that you ask for the decision to be reviewed. You write a letter explaining why you think the decision is wrong and send it to Migrationsverket within three weeks of receiving the decision. Attach the original bank statement. We have also attached our guide to appeals.""",
        "f": """thank you i send the apeal yesterday. can i still come to the class if the answer is late?""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 4,
        "s": "Insurance certificate for Migrationsverket",
        "b": """
Dear International Office,

I'm a fee paying student from Nigeria admitted to a two-year programme. Do I need private health insurance for my residence permit application, or am I covered? The FAQ on your website mentions the FAS+ insurance but I do not understand if it applies to me.""",
        "r": """Fee-paying students are covered by the FAS+ insurance through the university for the duration of the programme. You can download the certificate once you have paid the first instalment. Since your programme is longer than one year, Migrationsverket does not require private insurance in your case.""",
    },
    {
        "t": "migration",
        "l": "sv",
        "m": 2,
        "name": ("Lena Berg", "lena.berg@example.org"),
        "nosig": True,
        "s": "Intyg till Migrationsverket för utbytesstudent",
        "b": """
Hej!

Vi på institutionen för fysik har en utbytesstudent från Indien som behöver ett intyg till Migrationsverket om att hon är antagen även vårterminen. Vem utfärdar det – vi eller ni?

Mvh Lena Berg
Studentexpeditionen, Institutionen för fysik""",
        "r": """Det är vi som utfärdar intyget för utbytesstudenter. Be studenten mejla oss med sitt namn och födelsedatum så skickar vi det direkt till henne.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 12,
        "d": (1, 9),
        "fmode": "refs",
        "s": "Lost residence permit card",
        "b": """
I lost my wallet with my residence permit card during a trip to Oslo. I need to travel home for Christmas on 19 December. What should I do? Can I travel without the card?""",
        "r": """Report the loss to the police first. Then apply for a new card at Migrationsverket and book an appointment for fingerprints and photo. Without a valid card you may have problems re-entering Sweden, so contact Migrationsverket as soon as possible about your travel date.""",
        "f": """I have reported it to the police. The earliest time at Migrationsverket is 7 January. Is there any other option??""",
    },
    {
        "t": "migration",
        "l": "mixed",
        "m": 6,
        "d": (1, 9),
        "s": "Letter from Migrationsverket - what is intyg om heltidsstudier?",
        "b": """
Hi,

I got a letter from Migrationsverket, it says:

"Vi behöver fler uppgifter för att kunna fatta beslut i ditt ärende. Skicka in intyg om heltidsstudier senast 2026-06-15."

What is "intyg om heltidsstudier" and where do I get it? Google translate says "certificate of full-time studies" but I don't know who issues it.""",
        "r": """It is a certificate showing that you study full-time. You can download it yourself in Ladok (Certificates → Registration certificate), in English or Swedish. If Migrationsverket wants course details too, contact your department.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 9,
        "d": (2, 11),
        "s": "Extension pending - can I travel?",
        "b": """
My permit expires 15 September and I applied for an extension on 1 September. My sister's wedding is in Turkey on 20 September. If I leave Sweden now, can I come back?""",
        "r": """If your permit has expired and the extension is still pending, you may not be able to re-enter Sweden, since the receipt of your application is not a travel document. We recommend waiting for the decision or asking Migrationsverket whether your case can be prioritised.""",
    },
    {
        "t": "migration",
        "l": "sv",
        "m": 5,
        "s": "Antagningsbesked på engelska?",
        "att": [("pdf", "Antagningsbesked_HT26.pdf")],
        "b": """
Hej, Migrationsverket vill ha antagningsbeskedet men mitt är på svenska från antagning.se. Behöver jag översätta det eller kan ni skriva ett på engelska?""",
        "r": """Migrationsverket läser svenska, så antagningsbeskedet på svenska räcker. Du kan också byta språk på antagningswebben och skriva ut samma besked på engelska.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 3,
        "s": "Proof of funds amount 2026",
        "b": """
How much money per month do I need to show for the residence permit in 2026? And is it for 10 or 12 months?""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 7,
        "att": [("pdf", "Beslut_uppehållstillstånd.pdf")],
        "s": "Permit approved but for the wrong period",
        "b": """
Hello,

I received my decision (attached), but the permit is valid only until 31 December 2026 while my programme runs until June 2027. Did they make a mistake? Should I contact them or apply for an extension later?""",
        "r": """Migrationsverket sometimes limits the permit to the period covered by the documents you submitted – for example the paid tuition or the insurance. It is not necessarily a mistake. You can apply for an extension before it expires; please make sure you have paid the next instalment by then.""",
    },
    {
        "t": "migration",
        "l": "sv",
        "m": 10,
        "s": "Intyg för mina föräldrars besök",
        "b": """
Hej! Mina föräldrar vill besöka mig i Sverige under jullovet och behöver visum. Ambassaden vill ha en inbjudan och ett intyg på att jag studerar här. Kan ni skriva något sådant?""",
        "r": """Vi kan tyvärr inte skriva inbjudningar – den skriver du själv. Ett registreringsintyg som visar att du studerar här laddar du ner i Ladok. Mer information om besöksvisum finns på Migrationsverkets webbplats.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 6,
        "s": "Migrationsverket called me - is this normal?",
        "b": """
Migrationsverket called and asked if I am really a student at your university and which courses I take. Is this normal?? I thought it was a scam call at first.""",
        "r": """Yes, Migrationsverket sometimes checks information by phone, and they may also contact us. If you are unsure, you can always call Migrationsverket back on the number published on their website.""",
    },
    {
        "t": "migration",
        "l": "en",
        "m": 8,
        "d": (1, 14),
        "box": "housing",
        "cc": "international",
        "s": "PLEASE HELP - FLIGHT IN 3 DAYS AND NO PERMIT",
        "b": """
Hello,

I AM SUPPOSED TO FLY ON FRIDAY AND I STILL HAVE NO DECISION FROM MIGRATIONSVERKET. I ALSO HAVE A ROOM OFFER FROM YOU STARTING 20 AUGUST. What happens with my room if I come late? And can you call Migrationsverket for me?

I applied in April. Case number 26-402117.""",
        "r": """We have forwarded your question to our migration officer, who will contact Migrationsverket about your case. Your room is kept for you until 15 September even if you arrive late, but the rent is charged from 20 August. Please do not travel before you have a decision.""",
        "rbox": "international",
    },
    # ----------------------------------------------------------------- outbound
    {
        "t": "outbound",
        "l": "sv",
        "m": 1,
        "d": (2, 16),
        "who": "erik",
        "s": "Ansökan om utbytesstudier HT27",
        "b": """
Hej!

Jag läser andra året på civilingenjörsprogrammet i datateknik och vill söka utbyte till hösten 2027. När öppnar ansökan och hur många universitet får man välja? Räknas snittbetyget eller hur går urvalet till?""",
        "r": """Ansökan för utbyte hösten 2027 och våren 2028 är öppen 1–15 februari i Mobility Online. Du kan rangordna upp till fyra partneruniversitet. Urvalet baseras på antal avklarade poäng, studieresultat och ditt motivationsbrev. Välkommen på informationsmötet den 21 januari!""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 3,
        "d": (2, 12),
        "s": "Nominerad till Tokyo men inget svar",
        "b": """
Hej, jag fick besked att jag blivit nominerad till University of Tokyo men har inte hört något från dem. Ska jag kontakta dem själv? Deras deadline för ansökan är typ om en månad.""",
        "r": """Vi nominerade dig den 1 mars. University of Tokyo skickar ansökningsinstruktionerna i mitten av mars, så vänta några dagar till. Kolla gärna skräpposten. Om du inte har fått något senast 25 mars, hör av dig så kontaktar vi dem.""",
        "f": """Hej igen! Fortfarande inget mejl från Tokyo, och nu har det gått mer än en vecka. Kan ni kontakta dem?""",
    },
    {
        "t": "outbound",
        "l": "en",
        "m": 1,
        "s": "Can I go on exchange as a non-EU degree student?",
        "b": """
Hi,

I'm an international student from Colombia in the Master's programme in Industrial Design (second year from autumn). Am I also allowed to apply for exchange studies, or is it only for Swedish students? And would I have to pay tuition fees to the other university?""",
        "r": """Yes, all degree students at our university can apply for exchange, regardless of citizenship. You do not pay tuition fees to the partner university, but if you are a fee-paying student you continue to pay your fees here during the exchange. Please check the visa rules of the destination country, as they depend on your citizenship.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 5,
        "s": "Erasmus+ stipendium – hur mycket?",
        "b": """
Hej! Hur mycket får man i Erasmus-stipendium om man åker till Spanien en termin? Och när betalas det ut? Jag behöver veta för att budgetera hyran i Barcelona.""",
        "r": """För Spanien är beloppet för närvarande ungefär 450 euro per månad. 70 procent betalas ut när du har skickat in ankomstintyget och bidragsavtalet är påskrivet, resten när du har lämnat din slutrapport.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 10,
        "s": "Learning Agreement – kursen finns inte längre",
        "b": """
Hej

Jag har precis kommit till TU München och det visar sig att två av kurserna i mitt Learning Agreement inte ges den här terminen. Jag har hittat två andra kurser som liknar dem. Hur gör jag en ändring? Måste min programansvarige godkänna det igen?""",
        "r": """Ja, du gör en ändring i Learning Agreement (delen "During the mobility") inom fem veckor från terminsstart. Både din programansvarige och mottagande universitet ska godkänna. Fyll i ändringen i Mobility Online så skickas den automatiskt för godkännande.""",
        "f": """Tack! Jag har fyllt i det nu. Men programansvarig svarar inte på mejl, han verkar vara tjänstledig. Vem kan godkänna istället?""",
        "r2": """Studierektorn kan godkänna i hans ställe. Vi har bett henne titta på din ändring den här veckan.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 2,
        "att": [("pdf", "Transcript_NUS.pdf")],
        "s": "Tillgodoräknande efter utbytet",
        "b": """
Hej! Jag kom hem från Singapore i december och har fått mitt transcript (bifogat). Hur gör jag för att få kurserna tillgodoräknade? NUS betygsskala är A-F men med plus och minus, hur översätts det?""",
        "r": """Ansök om tillgodoräknande i Ladok och bifoga ditt transcript och ditt godkända Learning Agreement. Betygen överförs som "godkänd" – betygsgrader från utlandet översätts inte till vår skala. Handläggningstiden är cirka fyra veckor.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 9,
        "d": (1, 24),
        "who": "anna",
        "s": "Minor Field Studies – kan jag söka?",
        "b": """
Hej, jag skriver exjobb till våren och funderar på att göra en fältstudie i Tanzania genom Minor Field Studies. Jag läser miljövetenskap. Kan jag söka och när är deadline? Måste jag ha en handledare på plats redan när jag söker?""",
        "r": """Ja, du kan söka! Deadline för MFS-stipendier för våren är den 1 oktober. Du behöver en kontaktperson på plats och en handledare här, men kontaktpersonen behöver inte vara helt bekräftad när du söker – en avsiktsförklaring räcker.""",
        "f": """Vad bra! Räcker det om kontaktpersonen bekräftar via mejl, eller behöver det vara ett brev med underskrift?""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 9,
        "s": "fraga om utbyte",
        "b": """
hej! kan man aka pa utbyte under sista terminen om man skriver exjobb?""",
    },
    {
        "t": "outbound",
        "l": "en",
        "m": 4,
        "s": "Nomination letter for Canadian study permit",
        "b": """
Hello,

I'm nominated to the University of British Columbia for the fall semester. The Canadian study permit application asks for "a letter from your home institution confirming the exchange". Can you issue such a letter? I need it within two weeks.""",
        "r": """Yes, we can issue a confirmation letter. Please send us your full name, date of birth and the exact exchange period, and we will email you a signed letter within five working days.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 6,
        "s": "Vill tacka nej till utbytet",
        "b": """
Hej

jag har fått en plats på National Taiwan University till hösten men nu har min mamma blivit sjuk och jag vill inte åka så långt bort. Vad händer om jag tackar nej nu? Blir jag spärrad från att söka igen? Kan jag söka restplatser till något närmare, typ Danmark eller Tyskland?

Jag är ledsen för att jag ändrar mig så sent, men det känns inte rätt att åka just nu.""",
        "r": """Tråkigt att höra om din mamma. Du kan tacka nej – meddela oss skriftligt så kontaktar vi NTU. Du blir inte spärrad eftersom du har ett giltigt skäl. Restplatser för våren publiceras i september, och det finns ofta platser i både Danmark och Tyskland.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 1,
        "s": "Partneruniversitet i Australien?",
        "b": """
Vilka partneruniversitet har vi i Australien och Nya Zeeland? Hittar ingen lista på webben.""",
        "r": """Listan finns i sökverktyget för partneruniversitet på studentwebben – filtrera på land. Just nu har vi avtal med fyra universitet i Australien och ett i Nya Zeeland.""",
    },
    {
        "t": "outbound",
        "l": "en",
        "m": 10,
        "s": "Erasmus grant not received",
        "b": """
Hi,

I'm currently at Universidade de Lisboa. I sent my certificate of arrival on 20 September but I haven't received the first Erasmus payment yet. My rent is due next week. When will it be paid?""",
        "att": [("pdf", "Certificate_of_arrival_Lisboa.pdf")],
        "r": """Thank you for your patience. The first payment is made when both the certificate of arrival and the signed grant agreement are registered. Your grant agreement is not yet signed in Mobility Online – please sign it, and the payment will be made within ten working days.""",
        "f": """Oh I didn't know I had to sign it separately. Done now!""",
        "r2": """Thanks, it is registered. The payment will be sent next week.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 1,
        "s": "Språkkrav för Frankrike",
        "b": """
Måste man kunna franska för att åka till Sciences Po? Jag har läst franska 3 på gymnasiet, räcker det?""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 5,
        "who": "erik",
        "s": "Learning agreement – vem skriver under?",
        "att": [("docx", "Learning_Agreement_Studies_2026.docx")],
        "b": """
Hej, vem ska skriva under mitt LA från vår sida? KU Leuven vill ha det senast 1 juni. Bifogar utkastet.""",
        "r": """Din programansvarige skriver under den akademiska delen, och vi på International Office skriver under som "responsible person at the sending institution". Ladda upp utkastet i Mobility Online så går det vidare för signering.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 2,
        "s": "Extra stöd för utbyte med funktionsnedsättning",
        "b": """
Hej,

Jag har en funktionsnedsättning (diabetes typ 1) och undrar om det finns något extra stöd för utbytesstudier? Jag har hört att Erasmus har ett tilläggsbidrag.

Och kan det påverka vilka länder man kan åka till, t.ex. med insulinförsörjning? Jag vill inte hamna någonstans där jag inte kan få tag på mina mediciner.""",
        "r": """Ja, Erasmus+ har ett tilläggsbidrag för studenter med funktionsnedsättning eller kronisk sjukdom, som du ansöker om efter nomineringen. Vi hjälper gärna till att kontrollera tillgången på insulin på de universitet du är intresserad av – boka ett möte med oss.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 2,
        "d": (16, 16),
        "who": "erik",
        "fmode": "tag",
        "s": "Ansökan stängd – missade deadline med en timme",
        "b": """
Hej!! Jag försökte skicka in min utbytesansökan igår kväll 23:30 men portalen hade stängt kl 23:00?? Det stod 15 februari som deadline, inte en tid. Snälla, finns det något sätt att skicka in den ändå? Jag har allt klart, motivationsbrev och CV.""",
        "r": """Deadline är kl. 23:59 svensk tid, och vi ser i loggen att portalen stängde för tidigt på grund av ett fel. Vi öppnar därför din ansökan igen till och med fredag.""",
        "f": """TACK!!! Ansökan är inskickad nu. Behöver jag skicka betygsutdraget separat också, eller räcker det som finns i Ladok?""",
    },
    {
        "t": "outbound",
        "l": "en",
        "m": 9,
        "s": "Exchange to University of California",
        "b": """
Hi,

I'm a Swedish student but I write in English because my Swedish keyboard broke :) I want to apply to the University of California for spring 2027. The website says "UC EAP - limited places". How many places are there and what GPA do I need? Is there an interview?""",
        "r": """There are usually six places for the whole university. There is no fixed GPA requirement, but competition is high and results are the most important factor. There is no interview, but the motivation letter is weighted heavily.""",
        "f": """Thanks! Is the motivation letter in English or Swedish?""",
        "r2": """In English, maximum one page.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 3,
        "s": "Erasmus för praktik efter examen?",
        "b": """
Kan man få Erasmus-bidrag för praktik i Berlin efter examen? Jag tar examen i juni och har fått en praktikplats på ett arkitektkontor från september.""",
        "r": """Ja, nyutexaminerade kan få Erasmus+ för praktik om praktiken påbörjas inom ett år efter examen. Du måste dock ansöka innan du tar ut examen, så skicka in ansökan i Mobility Online senast 15 maj.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 7,
        "who": "erik",
        "s": "Försäkringsintyg till värduniversitetet",
        "b": """
Hej, KU Leuven vill ha ett intyg om att jag är försäkrad under utbytet. Har universitetet en försäkring för utresande studenter? Var hittar jag intyget på engelska?""",
        "r": """Ja, utresande studenter är försäkrade genom Kammarkollegiets försäkring Student UT. Intyget på engelska laddar du ner från vår webbsida för utresande studenter.""",
    },
    {
        "t": "outbound",
        "l": "mixed",
        "m": 6,
        "s": "Learning agreement / signature",
        "b": """
Hej! The coordinator at ETH says my LA needs "signature of responsible person at sending institution" men min programansvarige säger att det är internationella kontoret som skriver under. Vem är det som gäller? Deadline är 30 juni.""",
        "r": """Both are right: your programme director approves the courses, and we sign as "responsible person at the sending institution". Upload the LA in Mobility Online and we will sign within a few days.""",
        "f": """Perfekt, uploaded now. Tack!""",
        "fk": "thanks",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 11,
        "s": "MFS – rapportkrav",
        "b": """
Hej! Vi är två som har fått MFS-stipendium för Kenya. Hur lång ska rapporten vara och till vem skickas den? Räcker det med uppsatsen?""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 3,
        "s": "CSN under utbytet",
        "b": """
Får man CSN när man pluggar utomlands på utbyte? Och kan man få merkostnadslån för resan?""",
        "r": """Ja, du kan få studiemedel från CSN under utbytet på samma sätt som här, och du kan söka merkostnadslån för resor och försäkring. Du ansöker direkt hos CSN – vi rapporterar in att du är utbytesstudent.""",
    },
    {
        "t": "outbound",
        "l": "en",
        "m": 9,
        "d": (1, 20),
        "name": ("Marta Kowalska", "incoming@example.org"),
        "nosig": True,
        "html": "alt",
        "hb": "tracking",
        "s": "Nominations for spring semester 2027",
        "b": """
Dear colleagues,

Please send your nominations for the spring semester 2027 by 1 October. We can accept 2 students from your university in Engineering and 1 in Architecture.

Kindly use our online nomination form. The application deadline for nominated students is 15 October.

Best regards,
Marta Kowalska
International Relations Office
Politechnika Example

This e-mail and any attachments are confidential and intended solely for the addressee.""",
        "r": """Thank you, Marta! We will send the nominations before the deadline.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 3,
        "s": "Betyg från utbytet saknas i Ladok",
        "b": """
Hej!

Jag var på utbyte i Kanada höstterminen och har fått alla papper klara, men mina kurser syns fortfarande inte i Ladok. Jag behöver dem för att kunna söka master. Vad är status?""",
        "r": """Vi ser att ditt tillgodoräknande är beviljat men ännu inte registrerat. Vi har påmint handläggaren, så det bör synas i Ladok inom en vecka.""",
    },
    # --------------------------------------------------------------------- fees
    {
        "t": "fees",
        "l": "en",
        "m": 4,
        "who": "priya",
        "s": "Tuition fee invoice not received",
        "b": """
Hello, I have accepted my offer for the Master's in Data Science. When will I receive the tuition fee invoice? I need to pay before applying for my residence permit.""",
        "r": """The invoice for the first instalment is sent by email about two weeks after you have accepted your place. It comes from fees@intl.example.se, so please check your spam folder too.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 5,
        "who": "mohammed",
        "s": "Payment deadline extension",
        "b": """
Dear Fees team,

I received the invoice for the first instalment (SEK 72 500), due 1 June. Because of currency restrictions in my country, my bank transfer takes 3-4 weeks. Is it possible to pay a few weeks later? Will I lose my place?""",
        "r": """The deadline can be extended to 20 June on request, which we have now done. If the payment is delayed beyond that your place cannot be guaranteed. Please send us the SWIFT confirmation once the transfer is made.""",
        "f": """Thank you! The transfer was done today, attached is the SWIFT confirmation.""",
        "fatt": [("pdf", "SWIFT_confirmation.pdf")],
        "r2": """Thank you, we will register the payment as soon as it arrives in our account.""",
    },
    {
        "t": "fees",
        "l": "sv",
        "m": 8,
        "s": "Återbetalning av studieavgift",
        "att": [("pdf", "Beslut_avslag_uppehållstillstånd.pdf")],
        "b": """
Hej

Jag betalade studieavgiften för höstterminen men fick avslag på uppehållstillståndet och kan inte börja. Hur får jag tillbaka pengarna? Hur lång tid tar det? Beslutet bifogas.""",
        "r": """Du har rätt till återbetalning eftersom du inte kan påbörja studierna på grund av avslag. Fyll i formuläret för återbetalning med dina bankuppgifter (IBAN, BIC, kontohavarens namn och adress). Återbetalningen görs inom sex veckor.""",
        "f": """Formuläret är inskickat. Kontot står på min pappa, går det bra?""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 11,
        "box": "international",
        "s": "Application fee - am I exempt?",
        "b": """
Hi, I'm a citizen of Norway but I live in Canada. Do I have to pay the 900 SEK application fee on universityadmissions.se?""",
        "r": """No – as a Norwegian citizen you are exempt from both the application fee and tuition fees. Upload a copy of your passport in your application to document your citizenship.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 1,
        "s": "Statement of financial need - fee waiver",
        "b": """
Dear Sir/Madam,

I have been admitted to the MSc in Global Health and I am applying for the university's tuition fee waiver scholarship. The application form asks for a "statement of financial need", but I am not sure what to include. Should it be a letter from my parents, a bank statement, or a personal statement?

Also, can I apply for both the Swedish Institute scholarship and the university scholarship at the same time?

Thank you very much for your help.""",
        "r": """The statement is a personal letter (max one page) in which you describe your financial situation and why you need the scholarship; no bank statements are needed. You may apply for both scholarships, but you can only keep one of them if you are awarded both.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 6,
        "s": "Wrong amount on invoice?",
        "b": """
The invoice says 145 000 SEK but the website says the fee for the whole programme is 290 000 SEK, i.e. 72 500 per semester. Why do I have to pay for 2 semesters now?""",
        "r": """You are right – the first invoice should only cover the first semester. The invoice was wrong and a corrected invoice is attached. We apologise for the mistake.""",
        "ratt": [("pdf", "Invoice_2026-10517_corrected.pdf")],
    },
    {
        "t": "fees",
        "l": "en",
        "m": 7,
        "s": "PAID TWICE",
        "b": """
HELLO I ACCIDENTALLY PAID THE TUITION FEE TWICE, ONCE BY CARD AND ONCE BY BANK TRANSFER. PLEASE REFUND ONE OF THEM ASAP. INVOICE NO 2026-10443""",
        "r": """We can see both payments. The card payment will be refunded to the same card within 10 working days, you do not need to do anything.""",
        "f": """Ok thank you. Sorry for caps, was panicking""",
        "fk": "thanks",
    },
    {
        "t": "fees",
        "l": "sv",
        "m": 2,
        "s": "aterbetalning anmalningsavgift",
        "b": """
hej, jag betalade anmalningsavgiften 900 kr men sen fick jag veta att jag ar EU-medborgare (har dubbelt medborgarskap, Polen) och inte behover betala. kan jag fa tillbaka pengarna?""",
        "r": """Anmälningsavgiften hanteras av Universitets- och högskolerådet och inte av oss. Kontakta deras kundtjänst via antagningswebben och bifoga en kopia av ditt polska pass.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 6,
        "s": "Scholarship covers 75% - how do I pay the rest?",
        "b": """
Dear Fees Office,

I was awarded the university scholarship covering 75% of the tuition. Will I receive an invoice for the remaining 25%, or should I pay it on my own? Also, is the scholarship automatically applied to every semester or do I need to reapply?""",
        "r": """You will receive an invoice for the remaining 25 % each semester. The scholarship is valid for the whole programme provided that you pass at least 45 credits per academic year; you do not need to reapply.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 5,
        "s": "pay with credit card?",
        "b": """
can i pay the tuition fee with credit card? bank transfer from my country isnt possible at the moment""",
        "r": """Yes, you can pay by card through the payment link in the invoice email. If your card is not accepted, contact us and we will look for another solution.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 5,
        "name": ("Abebe Girma", "scholarships@example.org"),
        "nosig": True,
        "att": [("pdf", "Sponsorship_letter.pdf")],
        "s": "Invoice to sponsor organisation",
        "b": """
Dear Sir or Madam,

Our organisation (Ministry of Education, Scholarships Department) sponsors two students admitted to your university for the academic year 2026/27. Please issue the tuition fee invoices addressed to the Ministry and not to the students. Please find attached the sponsorship letter with the names of the students.

Yours faithfully,
Abebe Girma
Scholarships Department""",
        "r": """Thank you. We have registered the Ministry as invoice recipient for both students and will send the invoices to this address. Please note that payment must be received before the start of the semester.""",
        "f": """Thank you. Could you also confirm this to the students? They are worried about their residence permit applications.""",
    },
    {
        "t": "fees",
        "l": "sv",
        "m": 11,
        "s": "Faktura för termin 3",
        "b": """
Hej! När kommer fakturan för termin 3? Jag vill inte missa den eftersom jag var bortrest förra gången och fick en påminnelse.""",
        "r": """Fakturan för termin 3 skickas ut i mitten av november med förfallodag 15 december. Den skickas till den e-postadress du har i Ladok.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 1,
        "s": "Refund if I leave the programme?",
        "b": """
I want to leave the programme after the first semester. Do I have to pay the fee for the second semester if I quit now? I have already paid semester 1 and 2.""",
        "r": """Fees for semesters that have not started are refunded if you notify us before the semester starts. Please send us a written notice and the refund form. We recommend that you talk to the study counsellor before making a final decision.""",
        "f": """I have talked to the study counsellor and decided to stay after all. Thanks anyway.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 3,
        "d": (1, 25),
        "box": "international",
        "s": "Fee waiver decision date",
        "b": """
When will the decisions for the tuition waiver be announced? I need to know before accepting my offer from another university (deadline April 10).""",
        "r": """Decisions are announced in the week after the admission results, i.e. around 9 April. We understand that the timing is tight.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 12,
        "cs": "windows-1252",
        "s": "Receipt for tax purposes",
        "b": """
Hello,

Could you issue a receipt “for tax purposes” of the tuition fees I paid in 2026? My employer in the U.S. reimburses education costs – they need the exact amounts in SEK and the payment dates.""",
        "r": """A receipt with amounts and dates is attached.""",
        "ratt": [("pdf", "Receipt_tuition_fees_2026.pdf")],
    },
    {
        "t": "fees",
        "l": "en",
        "m": 9,
        "d": (1, 15),
        "s": "Second instalment late - will I be deregistered?",
        "b": """
Hi,

I missed the payment deadline for the second instalment (31 August) because I was waiting for my scholarship money. Will I be deregistered from my courses? The money arrives next week.""",
        "r": """You will not be deregistered if you pay within three weeks after the deadline. Please send us the payment confirmation when it is done.""",
        "f": """The payment is done, sorry for the delay. Confirmation attached.""",
        "fatt": [("pdf", "Payment_receipt_instalment2.pdf")],
    },
    {
        "t": "fees",
        "l": "en",
        "m": 11,
        "s": "Tuition fee when switching programme",
        "b": """
If I change from the Master's in Finance to the Master's in Economics after the first year, do I pay the fee of the new programme or the old one? They have different fees.""",
    },
    {
        "t": "fees",
        "l": "sv",
        "m": 11,
        "s": "Studieavgift för fristående kurser?",
        "b": """
Hej,

Jag är amerikansk medborgare men har permanent uppehållstillstånd i Sverige sedan 2019. Behöver jag betala studieavgift för fristående kurser på avancerad nivå?""",
        "r": """Nej, med permanent uppehållstillstånd är du undantagen från studieavgift. Ladda upp en kopia av ditt uppehållstillståndskort på antagningswebben så registreras undantaget.""",
    },
    {
        "t": "fees",
        "l": "mixed",
        "m": 6,
        "box": "international",
        "s": "faktura / invoice",
        "b": """
Hi, jag har fått en faktura men jag förstår inte "förfallodatum" and "OCR-nummer". Where do I write the OCR number when I pay from a foreign bank?""",
        "r": """"Förfallodatum" is the due date. The OCR number is the payment reference: write it in the "message to recipient" / reference field of your international transfer. Without it we cannot match the payment to you.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 9,
        "s": "Bank fees - who pays?",
        "b": """
My scholarship sponsor paid 80 000 SEK but after bank fees only 79 100 arrived. Now I get a reminder saying I owe 900 SEK. Who should pay the bank fees, me or the sponsor? This seems unfair.""",
        "r": """Bank fees are the payer's responsibility, so the remaining 900 SEK has to be paid. It can be paid by you or by the sponsor – whichever is easier. There is no late fee as long as it is paid within 30 days.""",
    },
    {
        "t": "fees",
        "l": "en",
        "m": 6,
        "s": "IBAN?",
        "b": """
what is the IBAN and SWIFT for paying tuition?""",
        "r": """The bank details are printed on your invoice. Please always use the invoice number as reference.""",
    },
    {
        "t": "fees",
        "l": "sv",
        "m": 7,
        "s": "Betala studieavgift för min dotter",
        "b": """
Hej,

Min dotter har blivit antagen till ett masterprogram hos er och jag som förälder vill betala hennes studieavgift. Hon bor redan i Sverige men vi bor i Schweiz. Kan fakturan skickas till mig i stället?""",
        "r": """Schweiziska medborgare är undantagna från studieavgift, så om din dotter är schweizisk medborgare behöver ingen avgift betalas. Hon behöver bara ladda upp en kopia av sitt pass på antagningswebben.""",
    },
    # -------------------------------------------------------------------- other
    {
        "t": "other",
        "l": "en",
        "m": 12,
        "s": "Course registration as exchange student",
        "b": """
Hi, I'm an exchange student from the University of Toronto arriving in January. I can't see the course "Swedish for beginners" in my course list. How do I register?""",
        "r": """Swedish for beginners is registered separately: sign up in the online form that opens on 8 January. Places are limited, so register as soon as it opens.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 9,
        "s": "Buddy programme sign-up",
        "b": """
Hey! I'd love to join the buddy programme. Is it too late to sign up? I arrived last week.""",
        "r": """It's not too late! Sign up via the buddy programme form on our web page and you will be matched with a buddy within two weeks.""",
    },
    {
        "t": "other",
        "l": "sv",
        "m": 12,
        "d": (1, 12),
        "who": "anna",
        "s": "Vill bli fadder",
        "b": """
Hej! Jag är svensk student och vill bli fadder/buddy till internationella studenter nästa termin. Hur anmäler jag mig? Finns det något krav på språk?""",
        "r": """Vad roligt! Anmälan för vårterminens faddrar är öppen till 15 december via vår webbsida. Det finns inga språkkrav utöver att du kan kommunicera på engelska.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 7,
        "s": "Transcript of records to my home university",
        "b": """
Dear International Office,

Could you please send my official transcript of records to my home university (Université de Lyon)? I finished my exchange in June. Their coordinator says they haven't received anything yet.""",
        "r": """Transcripts are sent automatically to the home university when all grades are registered. One of your courses was graded only last week, so the transcript has now been sent to your coordinator by email.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 6,
        "k": "thanks",
        "s": "Thank you!",
        "b": """
Dear all,

I just wanted to say thank you for everything during my exchange semester. Especially Karin in housing who helped me when my room flooded in October, and the whole team for the welcome days. Sweden will always have a place in my heart.

Hej då and see you again, hopefully!""",
    },
    {
        "t": "other",
        "l": "sv",
        "m": 2,
        "k": "thanks",
        "att": [("jpg", "campus_kyoto.jpg")],
        "s": "Tack!",
        "b": """
Hej! Ville bara säga tack för hjälpen med utbytet, har haft en fantastisk termin i Kyoto. Skickar en bild från campus :)""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 2,
        "s": "Grade conversion for inbound exchange",
        "b": """
How are Swedish grades (U/G/VG) converted to ECTS grades on the transcript? My home university needs ECTS grades A-F.""",
        "r": """Courses graded U/G/VG cannot be converted automatically. Your transcript includes a description of the grading scale; if your home university needs ECTS grades, ask the course coordinator for a certificate with an ECTS grade.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 9,
        "d": (1, 8),
        "who": "priya",
        "s": "Free Swedish course?",
        "b": """
Hi again! Now that I have arrived, I would like to learn Swedish. Are there free Swedish language courses for international students? I'm a master's student.""",
        "r": """Yes, the university offers Swedish for international students (7.5 credits) free of charge each semester. Registration for the autumn course is open until 10 September.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 8,
        "d": (1, 14),
        "box": "housing",
        "s": "Welcome days schedule",
        "b": """
Hi, where can I find the schedule for the welcome days? I arrive on 18 August and want to know if I miss anything important.""",
    },
    {
        "t": "other",
        "l": "sv",
        "m": 1,
        "s": "Intyg på engelska om avklarade kurser",
        "b": """
Jag behöver ett intyg på engelska om mina kurser för att söka master i Nederländerna. Är det ni som gör det?""",
        "r": """Intyget laddar du ner själv i Ladok, där du kan välja engelska som språk. Om universitetet i Nederländerna kräver ett stämplat intyg kan du beställa det från studentexpeditionen.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 9,
        "s": "student union membership",
        "b": """
is student union membership mandatory? they sent me an invoice""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 10,
        "who": "lukas",
        "s": "Lost student card",
        "b": """
Hello, I lost my student card somewhere on campus. How can I get a new one? I need it for the library and for the door to my building.""",
        "r": """You can order a new card at the service desk in the library. It costs 100 SEK. The card for your building is a separate key tag from the landlord.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 2,
        "s": "Certificate of enrolment for scholarship",
        "att": [("docx", "Formulär_stipendium.docx")],
        "b": """
Dear International Office,

My government scholarship requires a certificate of enrolment filled in on their own form (attached). Could you fill in and sign it? They need the number of credits I am registered for this semester.""",
        "r": """We have filled in and signed the form; it is attached as a scanned copy. The original can be collected at our reception.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 11,
        "form": True,
        "html": "only",
        "hb": "webform_script",
        "nosig": True,
        "name": ("Jake Walsh", "jake.walsh@example.com"),
        "r": """Course registration for the spring semester is open until 30 November in the online application. Late registrations are handled by each department.""",
        "s": "Webbformulär: Kontakt",
        "b": """
Name: Jake Walsh
Email: jake.walsh@example.com
Student type: Exchange student
Question: When is the deadline for course registration for spring? I can't find it on the website.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 3,
        "s": "Campus visit for prospective students",
        "b": """
Hello,

My daughter is considering applying to your university next year. We will be in Sweden in April. Is it possible to visit the campus and meet someone from the International Office?""",
        "r": """You are very welcome! We do not offer individual meetings, but there is an open campus tour in English every Wednesday at 14:00 starting from the main library.""",
    },
    {
        "t": "other",
        "l": "sv",
        "m": 9,
        "s": "Internationella sittningar",
        "b": """
hej! är internationella studenter välkomna på nationernas sittningar? min korridorskompis från Chile undrar, han vågar inte fråga själv haha""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 8,
        "s": "Disability support as an exchange student",
        "b": """
Hello,

I have dyslexia and at my home university I get extra time for exams. Can I get the same support during my exchange here? What documents do I need?""",
        "r": """Yes, exchange students can receive study support. Contact the coordinator for students with disabilities and send a certificate in English from a doctor or psychologist. Apply early, since it takes about three weeks to arrange extra time for exams.""",
    },
    {
        "t": "other",
        "l": "en",
        "m": 1,
        "s": "Courses from another faculty",
        "b": """
Can I take a course from the Faculty of Law even if I'm an engineering exchange student? The course is "EU law for non-lawyers", in English.""",
        "r": """In most cases yes, if there are places left and you meet the entry requirements. Ask the Faculty of Law's student office; they will register you if there is space.""",
    },
    {
        "t": "other",
        "l": "mixed",
        "m": 12,
        "d": (1, 11),
        "s": "Hej hej! Question about Lucia",
        "b": """
Hej! Is the Lucia concert on 13 December open to exchange students? Och behöver man biljett? Tack!""",
    },
    {
        "t": "other",
        "l": "sv",
        "m": 4,
        "s": "Utbytesstudent vill stanna ett år till",
        "b": """
Hej!

Jag är utbytesstudent från Tyskland och trivs så bra här att jag skulle vilja läsa ett helt masterprogram hos er efter utbytet. Hur ansöker jag och räknas mina kurser härifrån?""",
        "r": """Vad roligt att du trivs! Du ansöker till masterprogrammet som alla andra via antagningswebben (sista ansökningsdag 15 januari). Kurser du läser här kan tillgodoräknas om de passar in i programmet – det avgörs efter antagningen.""",
    },
]

# More questions, added to balance the languages.
QUESTIONS += [
    {
        "t": "housing",
        "l": "sv",
        "m": 7,
        "s": "Hyra ut rummet i andra hand under utbytet?",
        "b": """
Hej!

Jag ska på utbyte till Lyon under hösten (september–januari) och vill inte säga upp mitt studentrum, eftersom jag har stått i kö så länge för att få det. Får jag hyra ut det i andra hand under tiden? Finns det någon blankett?""",
        "r": """Ja, för studier utomlands godkänner hyresvärden normalt andrahandsuthyrning. Ansök på hyresvärdens webbplats och bifoga ditt antagningsbesked från värduniversitetet. Den du hyr ut till måste vara student.""",
        "f": """Tack! Behöver hyresgästen vara student här på universitetet eller räcker det att hon studerar någon annanstans i stan?""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 11,
        "s": "Byta till större rum i korridoren",
        "b": """
Hej, i min korridor blir det större rummet (nr 6) ledigt i januari. Kan jag byta dit? Jag har bott i korridoren i två år och har alltid betalat hyran i tid.""",
        "r": """Interna byten går att göra om hyresvärden godkänner det. Skicka en intresseanmälan via hyresvärdens webbplats; rum som blir lediga erbjuds först till de som redan bor i huset, i turordning efter boendetid.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 1,
        "d": (1, 25),
        "s": "Missade besiktningstiden",
        "b": """
Hej! Jag missade besiktningstiden i morse, jag hade tenta och glömde helt bort den. Kan vi boka om? Jag flyttar ut på fredag.""",
        "r": """Inga problem, vi har bokat en ny tid på torsdag kl. 10.00. Om tiden inte passar går besiktningen att göra utan att du är där.""",
        "f": """Torsdag 10 funkar bra. Tack och förlåt!""",
        "fk": "thanks",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 12,
        "d": (15, 31),
        "s": "hyresavi januari",
        "b": """
har inte fått nån hyresavi för januari än, ska jag bara betala samma som vanligt?""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 9,
        "s": "Vägglöss?!",
        "b": """
Hej.

Jag tror att det finns vägglöss i mitt rum. Jag har fått bett på armarna i en vecka och hittade små svarta prickar på madrassen i går kväll. Vad gör jag?? Jag vågar inte sova där.

Jag bor i hus 7, rum 3114.""",
        "r": """Ring hyresvärdens felanmälan direkt och säg att det gäller misstänkta vägglöss – de skickar en saneringsfirma, oftast inom två dagar. Ta inte med sängkläder eller kläder till någon annan bostad innan saneringen är gjord. Kostnaden står hyresvärden för.""",
        "f": """Saneringen var här i dag. De sa att jag ska tvätta allt i 60 grader och att de kommer tillbaka om två veckor. Kan jag få låna ett annat rum under tiden? Jag sover på en kompis soffa nu.""",
        "r2": """Vi har frågat hyresvärden och det finns ett korttidsrum i hus 2 som du kan låna gratis i två veckor. Nyckeln hämtar du i receptionen.""",
    },
    {
        "t": "housing",
        "l": "sv",
        "m": 1,
        "s": "VÄRMEN FUNKAR INTE",
        "b": """
ELEMENTEN ÄR ISKALLA OCH DET ÄR 14 GRADER INNE. JAG HAR FELANMÄLT TVÅ GÅNGER OCH INGEN HAR KOMMIT. JAG SOVER MED MÖSSA. SNÄLLA GÖR NÅGOT.""",
        "r": """Det låter verkligen inte okej. Vi har ringt hyresvärdens förvaltare, som lovar att skicka en rörmokare i morgon förmiddag. Om det inte händer något, hör av dig igen så eskalerar vi.""",
    },
    {
        "t": "migration",
        "l": "sv",
        "m": 5,
        "s": "Min sambo och uppehållstillstånd",
        "b": """
Hej!

Jag har uppehållstillstånd för studier här och min sambo, som är från Iran, vill flytta hit. Kan hon söka uppehållstillstånd som anhörig till mig? Vi har bott ihop i tre år men är inte gifta. Får hon i så fall arbeta?""",
        "r": """Sambos kan söka uppehållstillstånd som anhöriga till studenter om ni har bott ihop och kan visa det. Hon får då arbeta. Du behöver visa att du har pengar till er båda. Läs mer på Migrationsverkets sida om familjemedlemmar till studenter.""",
    },
    {
        "t": "migration",
        "l": "sv",
        "m": 3,
        "s": "Byta program – nytt uppehållstillstånd?",
        "b": """
Jag har uppehållstillstånd för masterprogrammet i nationalekonomi men vill byta till statistik från hösten. Måste jag söka nytt tillstånd eller gäller det jag har?""",
        "r": """Ditt tillstånd är knutet till studierna du angav i ansökan. Byter du program ska du meddela Migrationsverket, och när du söker förlängning bedöms de nya studierna. Prata gärna med oss innan du bestämmer dig.""",
    },
    {
        "t": "migration",
        "l": "sv",
        "m": 6,
        "s": "uppehallstillstand gar ut snart",
        "b": """
hej mitt uppehallstillstand gar ut om tva veckor och jag har inte sokt forlangning an. ar det for sent? jag har bara examensarbetet kvar""",
        "r": """Det är inte för sent, men sök i dag! Så länge du ansöker innan ditt nuvarande tillstånd går ut får du stanna i Sverige medan ansökan prövas. Du behöver ett intyg från institutionen om att du skriver examensarbete.""",
        "f": """tack, har sokt nu! institutionen skickar intyget i morgon""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 2,
        "d": (1, 14),
        "s": "Motivationsbrev – hur långt?",
        "b": """
Hej! Hur långt ska motivationsbrevet vara? Och ska det vara på svenska eller engelska om jag söker till Tyskland?""",
        "r": """Max en A4-sida. Skriv på engelska, om inte värduniversitetet kräver något annat språk.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 9,
        "s": "Utbyte i England efter Brexit",
        "b": """
Kan man fortfarande åka till England med Erasmus? Och behöver man visum för en termin?""",
        "r": """Storbritannien är inte längre med i Erasmus+, men vi har bilaterala avtal med två brittiska universitet. Då får du inget Erasmusbidrag, men slipper studieavgift. För studier kortare än sex månader behövs normalt inget studentvisum.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 3,
        "s": "Nominerad – vad händer nu?",
        "b": """
Hej!

Jag fick nyss mejlet om att jag är nominerad till Universität Wien. Vad är nästa steg? Ska jag söka boende själv och när får jag veta vilka kurser jag kan läsa?""",
        "r": """Grattis! Wien skickar ansökningsinstruktioner direkt till dig inom några veckor. Där kan du också söka boende via deras studentbostadsföretag. Kurskatalogen för hösten publiceras i maj, och då gör du ditt Learning Agreement.""",
        "f": """Tack! Måste jag kunna tyska för att få boende där?""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 10,
        "s": "Vill avbryta utbytet",
        "b": """
Hej,

Jag är i Melbourne sedan fem veckor och mår inte alls bra. Jag har svårt att sova, äter dåligt och har ingen att prata med. Jag har försökt gå på aktiviteter men det känns bara värre.

Jag funderar på att åka hem. Vad händer med CSN och med kurserna om jag avbryter nu? Måste jag betala tillbaka något?

Förlåt för ett långt och rörigt mejl.""",
        "r": """Tack för att du hör av dig, och förlåt inte – det är precis det här vi finns till för. Börja gärna med att kontakta studenthälsan på värduniversitetet; de har stöd på engelska. Om du bestämmer dig för att åka hem meddelar du CSN, och du kan behöva betala tillbaka studiemedel för veckor du inte studerar. Kurserna som inte slutförs registreras inte. Vill du ha ett samtal med oss på Zoom?""",
        "f": """Tack. Ja, jag vill gärna prata. Jag kan alla dagar efter kl 18 svensk tid (då är det morgon här).""",
        "r2": """Jag har skickat en Zoom-inbjudan till torsdag kl. 18.30. Ta hand om dig så länge.""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 11,
        "s": "Två ansökningar samtidigt?",
        "b": """
Kan man söka både Erasmus och ett bilateralt avtal utanför Europa samtidigt? Vad händer om man får båda?""",
    },
    {
        "t": "outbound",
        "l": "sv",
        "m": 10,
        "s": "Intyg till CSN om studier utomlands",
        "b": """
CSN vill ha ett intyg om att jag studerar utomlands på utbyte. Var får jag det? Jag är i Seoul nu.""",
        "r": """Vi rapporterar utbytet direkt till CSN, så du behöver normalt inget intyg. Om CSN ändå ber om det skickar vi det gärna – svara på det här mejlet med ditt personnummer.""",
    },
    {
        "t": "fees",
        "l": "sv",
        "m": 6,
        "s": "Faktura till fel e-postadress",
        "b": """
Hej, fakturan för studieavgiften skickades till min gamla e-post som jag inte använder längre. Kan ni ändra till min studentmejl i stället?""",
        "r": """Fakturorna skickas till den adress du har i antagningssystemet. Vi har nu skickat om fakturan till din studentmejl, men ändra gärna adressen där också så att nästa faktura hamnar rätt.""",
    },
    {
        "t": "fees",
        "l": "sv",
        "m": 2,
        "s": "Stipendium – betala tillbaka?",
        "b": """
Jag fick ett stipendium som täcker halva studieavgiften men nu avbryter jag studierna efter en termin av personliga skäl. Måste jag betala tillbaka stipendiet?""",
        "r": """Nej, stipendiet för en termin du har påbörjat behöver inte betalas tillbaka. Stipendiet för kommande terminer upphör när du avbryter. Meddela oss datumet då du avslutar studierna.""",
    },
    {
        "t": "fees",
        "l": "sv",
        "m": 6,
        "box": "international",
        "s": "Delbetalning av studieavgiften?",
        "b": """
Går det att dela upp studieavgiften i flera delbetalningar? 72 500 kr på en gång är mycket för min familj.""",
        "r": """Avgiften betalas per termin och kan tyvärr inte delas upp ytterligare, eftersom den första delen måste vara betald innan Migrationsverket beslutar om ditt uppehållstillstånd.""",
    },
    {
        "t": "other",
        "l": "sv",
        "m": 3,
        "name": ("Margareta Ek", "margareta.ek@example.org"),
        "s": "Utbytesstudenter på svenskspråkig kurs",
        "b": """
Hej!

Jag är lärare på kursen Svensk litteraturhistoria och har fått frågor från två utbytesstudenter som vill läsa kursen. Kursen ges helt på svenska. Får de läsa den, och vem avgör om deras svenska räcker?""",
        "r": """Utbytesstudenter får läsa svenskspråkiga kurser om de uppfyller behörighetskraven, inklusive svenska. Det är kursansvarig institution som bedömer språkkunskaperna, så det är upp till er. Vi registrerar dem när ni har godkänt.""",
    },
    {
        "t": "other",
        "l": "sv",
        "m": 4,
        "s": "Studentförening vill delta på välkomstdagarna",
        "b": """
Hej! Vi är en studentförening (klätterklubben) som gärna vill hålla i en aktivitet för de internationella studenterna under välkomstdagarna i augusti. Vem ska vi prata med?""",
        "r": """Vad kul! Anmäl er aktivitet via formuläret för föreningar på vår webbsida senast 1 juni, så kontaktar vår eventansvarige er.""",
    },
    {
        "t": "housing",
        "l": "mixed",
        "m": 1,
        "s": "diskmaskin trasig",
        "b": """
Hej! I live in Flogsta korridor 3 och vår diskmaskin är trasig since last week. It leaks water on the floor. Who should we contact? Tack!""",
        "r": """Please report it to the landlord's fault report (felanmälan) on their website, and turn off the dishwasher until it is fixed so that the floor is not damaged.""",
    },
    {
        "t": "fees",
        "l": "mixed",
        "m": 7,
        "s": "Studieavgift / tuition question",
        "b": """
Hello! Min pappa ska betala studieavgiften från Turkiet. Can he pay in EUR instead of SEK, och vad händer med växelkursen if the amount is a bit wrong?""",
        "r": """Yes, payment in EUR is possible, but the invoice amount is in SEK, so the EUR amount must cover the full SEK amount after conversion. If a small amount is missing you will receive a reminder for the difference.""",
    },
    {
        "t": "outbound",
        "l": "mixed",
        "m": 1,
        "d": (10, 31),
        "s": "Exchange info meeting",
        "b": """
Hej! Jag missade infomötet om utbyte igår. Finns det en recording? I'm an international student in the Bachelor's programme so I prefer English if possible.""",
        "r": """The recording and the slides (in English) are available on the exchange studies page on the student web. Application is open 1–15 February.""",
    },
]

SPAM: list[dict[str, Any]] = [
    {
        "l": "en",
        "box": "international",
        "name": ("IT Helpdesk", "it-support@example.net"),
        "s": "Your mailbox storage is 98% full - action required",
        "hb": "phishing",
        "att": [],
        "b": """
Dear user,

Your mailbox has exceeded the storage limit. You will not be able to send or receive new messages until you validate your account.

Validate now: http://example.net/owa/validate

IT Helpdesk""",
    },
    {
        "l": "en",
        "box": "housing",
        "name": ("Lottery Commission", "winner@example.com"),
        "s": "CONGRATULATIONS!!! You have been selected",
        "hb": "onerror",
        "att": [],
        "b": """
Congratulations! Your email address has won 1,500,000 EUR in the International Email Lottery. To claim your prize, reply with your full name, address and a copy of your passport.""",
    },
    {
        "l": "sv",
        "box": "fees",
        "name": ("Ekonomiavdelningen", "faktura@example.com"),
        "s": "Förfallen faktura 88213 – sista påminnelse",
        "att": [("pdf", "Faktura_88213.pdf")],
        "b": """
Hej,

Enligt våra noteringar har bifogad faktura ännu inte betalats. Vänligen betala omgående för att undvika inkasso och ytterligare avgifter.

Ekonomiavdelningen""",
    },
    {
        "l": "en",
        "box": "international",
        "name": ("Mark Jensen", "mark@example.org"),
        "s": "Boost your university website to #1 on Google",
        "att": [],
        "b": """
Hi there,

I was checking your website and noticed that it is not ranking for important keywords like "study in Sweden". We are an SEO agency with 10 years of experience. Can I send you a free audit?

Best,
Mark""",
    },
    {
        "l": "en",
        "box": "international",
        "name": ("ICEdu 2026 Secretariat", "secretariat@example.org"),
        "s": "Invitation: Keynote Speaker at International Conference on Education 2026",
        "att": [],
        "b": """
Dear Esteemed Professor,

On behalf of the organising committee, we are pleased to invite you as a Keynote Speaker at the 14th International Conference on Education, Learning and Innovation (ICEdu 2026) in Dubai. Kindly send your abstract and the registration fee of 650 USD to confirm your slot.""",
    },
    {
        "l": "en",
        "box": "fees",
        "name": ("Crypto Profits", "info@example.net"),
        "s": "Make $5000 a day from home",
        "html": "only",
        "att": [],
        "b": """
Students and staff are making $5000 a day with our AI trading bot. No experience needed. Start with only $250! Limited spots - join today!""",
    },
    {
        "l": "en",
        "box": "housing",
        "name": ("Stockholm Rooms", "rooms.stockholm@example.com"),
        "s": "Student housing Stockholm - 100% guaranteed, pay deposit now",
        "att": [],
        "b": """
Hello!!

We have 40 furnished rooms for international students in Stockholm city centre, available immediately. 100% guaranteed - no queue! Just pay 1 month deposit via Western Union to reserve. Forward this to your students!""",
    },
    {
        "l": "sv",
        "box": "international",
        "name": ("Visumhjälpen", "hjalp@example.net"),
        "s": "Vi hjälper dig få uppehållstillstånd snabbt!!",
        "att": [],
        "b": """
Har dina studenter problem med Migrationsverket? Vi har kontakter och garanterar beslut inom 7 dagar. Pris från 4999 kr. Betala med Swish eller kort. Skicka vidare till alla internationella studenter!""",
    },
    {
        "l": "en",
        "box": "fees",
        "name": ("Accounts Payable", "ap@example.com"),
        "s": "Re: your invoice payment",
        "att": [("docx", "Payment_details.docx")],
        "b": """
Hello,

Please see attached the updated payment details for the outstanding invoice. Kindly update your records and confirm once done.

Regards""",
    },
]

# Raw hand-built messages (wrong charset, malformed, ...):
# key -> (type, lang, subject, body, sender name, sender address)
RAW_TEXTS = {
    "wrong_charset": (
        "fees",
        "sv",
        "Fråga om fakturan",
        "Hej!\n\nJag har fått en faktura på studieavgiften men "
        "förfallodagen har redan passerat när jag fick den. "
        "Måste jag betala förseningsavgift? Jag fick mejlet "
        "först i går.\n\nMvh\nSanna Öhman\n",
        "Sanna Öhman",
        "sanna.ohman@example.net",
    ),
    "rfc2047_latin1": (
        "housing",
        "sv",
        "Nyckelkvittens - var lämnar jag den?",
        "Hej!\n\nJag har skrivit under nyckelkvittensen men "
        "vet inte var jag ska lämna den. Receptionen är stängd "
        "på fredagar. Går det bra att lägga den i brevlådan?"
        "\n\nHälsningar\nÅke Sjögren\n",
        "Åke Sjögren",
        "ake.sjogren@example.com",
    ),
    "no_close_boundary": (
        "housing",
        "en",
        "Contract signed - attached",
        "Hi,\n\nPlease find my signed housing contract "
        "attached. I printed, signed and scanned it.\n\n"
        "Best regards,\nDaniel Okafor\n",
        "Daniel Okafor",
        "daniel.okafor@example.com",
    ),
    "broken_base64": (
        "fees",
        "sv",
        "Kvitto på betald avgift",
        "Hej! Här kommer kvittot på att jag har betalat "
        "studieavgiften för vårterminen. Det var lite krångligt "
        "att betala från utlandet men nu ska det vara klart.\n\n"
        "Hälsningar\nNoor Khalil\n",
        "Noor Khalil",
        "noor.khalil@example.org",
    ),
    "header_no_colon": (
        "migration",
        "en",
        "Question about residence permit card",
        "Hello,\n\nMy residence permit card has a spelling "
        "mistake in my name. Should I contact Migrationsverket "
        "or do you fix this?\n\nRegards,\nAyesha Qureshi\n",
        "Ayesha Qureshi",
        "ayesha.q@example.net",
    ),
    "garbled_date": (
        "outbound",
        "sv",
        "Frågor om Erasmus-bidraget",
        "Hej! Jag undrar om man kan få Erasmus-bidrag om man "
        "redan har ett annat stipendium för samma utbyte?\n\n"
        "/Linnéa\n",
        "Linnéa Forsberg",
        "linnea.forsberg@student.example.se",
    ),
    "unknown_charset": (
        "housing",
        "sv",
        "Felanmälan kylskåp",
        "Hej, kylskåpet i vårt kök på Rackarbergsgatan är "
        "trasigt sedan i måndags. Maten blir förstörd. Vem "
        "ska vi kontakta?\n\nMvh Jörgen i korridor 4\n",
        "Jörgen Nyström",
        "jorgen.nystrom@student.example.se",
    ),
    "multipart_no_boundary": (
        "other",
        "en",
        "Question about the buddy programme",
        "Hi! My buddy never answered my messages. Can I get a new buddy?\n\nThanks, Mia\n",
        "Mia Campbell",
        "mia.campbell@example.com",
    ),
    "bad_cte": (
        "fees",
        "en",
        "Refund status",
        "Hello, any news on my refund? I sent the form in March.\nRegards, Tomás\n",
        "Tomás Castillo",
        "tcastillo@example.org",
    ),
}

# Explicit HTML bodies ("hb" key).  Several are deliberately hostile so that
# the sanitiser has something to chew on.  "{body}" is replaced by the
# generated HTML version of the plain text.
HTML_TEMPLATES = {
    "tracking": (
        '<html><body style="font-family:Arial,sans-serif;font-size:10pt">\n'
        "{body}\n"
        '<p style="font-size:8pt;color:#888888">Politechnika Example &middot; '
        "International Relations Office</p>\n"
        '<img src="https://example.net/track/open.gif?u=8f3a9c&amp;c=nom2027" '
        'width="1" height="1" alt="" style="display:none">\n'
        "</body></html>\n"
    ),
    "webform_script": (
        "<html><body><h2>Nytt meddelande fr&aring;n webbformul&auml;ret</h2>\n"
        '<table border="1" cellpadding="4" style="border-collapse:collapse">\n'
        "<tr><td><b>Name</b></td><td>Jake Walsh</td></tr>\n"
        "<tr><td><b>Email</b></td><td>jake.walsh@example.com</td></tr>\n"
        "<tr><td><b>Student type</b></td><td>Exchange student</td></tr>\n"
        "<tr><td><b>Question</b></td><td><script>alert(1)</script>When is "
        "the deadline for course registration for spring? I can't find it on "
        "the website.</td></tr>\n</table></body></html>\n"
    ),
    "phishing": (
        "<html><head><style>.btn{background:#0072c6;color:#fff;padding:8px}"
        "</style></head><body>\n<p>Dear user,</p>\n<p>Your mailbox has "
        "exceeded the storage limit (<b>98%</b>). You will not be able to "
        "send or receive new messages until you validate your account.</p>\n"
        '<p><a class="btn" href="javascript:document.location=\'http://'
        "example.net/owa/validate?c='+document.cookie\">Validate now</a></p>\n"
        '<p>IT Helpdesk</p>\n<img src="http://example.net/px.gif?id=7731" '
        'width="1" height="1">\n</body></html>\n'
    ),
    "onerror": (
        '<div style="font-family:Verdana;font-size:14px">\n'
        '<h1 style="color:#d4af37">CONGRATULATIONS!!!</h1>\n'
        "<p>Your email address has won <b>1,500,000 EUR</b> in the "
        "International Email Lottery.</p>\n"
        '<img src=x onerror="alert(document.domain)">\n'
        '<p><a href="http://example.com/claim" target="_blank">CLAIM YOUR '
        'PRIZE</a></p>\n<iframe src="http://example.com/ad" width="0" '
        'height="0"></iframe>\n</div>\n'
    ),
}

FORWARDED_MIGRATIONSVERKET = (
    "Hej/Hello,\n\n"
    "Vi behöver fler handlingar för att kunna pröva din ansökan om "
    "uppehållstillstånd för studier (ärende 26-211904).\n"
    "We need additional documents to process your application for a "
    "residence permit for studies (case 26-211904).\n\n"
    "- Handlingar som visar att du har tillräckliga medel för din försörjning "
    "/ documents showing that you have sufficient means for your "
    "maintenance\n\n"
    "Skicka in handlingarna senast 2026-06-01. / Submit the documents no later "
    "than 1 June 2026.\n\n"
    "Detta meddelande går inte att svara på. / Do not reply to this "
    "message.\n"
)
