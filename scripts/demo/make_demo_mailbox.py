"""Generate deterministic demo mailboxes for mailtriage.

Why this file exists: mailtriage needs realistic, varied and *reproducible*
mail to demo the triage workflow and to evaluate classification, threading,
de-duplication, auto-reply/bounce detection and HTML sanitising -- without
ever touching real people's mail.  Running

    python3 scripts/demo/make_demo_mailbox.py

writes ``triage/demo/mailboxes/{housing,international,fees}.mbox`` (what ``triage demo``
imports; the generator itself stays out of the installed package) and ``labels.jsonl`` next
to this file.  The labels are ground truth for demos and evaluation,
never training data.  The output is byte-identical on every run: all
randomness comes from one ``random.Random(SEED)``, dates are fixed (Dec 2025
- Nov 2026, Europe/Stockholm offsets), and MIME boundaries, Message-IDs and
mbox ``From `` lines are set explicitly.  Standard library only, so it runs
without the project's virtualenv.

The hand-written texts live in ``_demo_texts.py``.  Deliberately broken
messages (missing closing boundary, broken base64, header without colon,
garbled Date, unknown charset, multipart without boundary, bad encoded-word
and transfer encoding) are built as raw bytes, since EmailMessage refuses to
produce them.

labels.jsonl has one line per message with message_id, mailbox,
question_type, kind and language, plus ``thread`` (the ground-truth case
the message belongs to) and, for the one message that arrived at two
mailboxes, ``also_in``.
"""

from __future__ import annotations

import base64
import calendar
import email.policy
import html
import json
import mailbox
import quopri
import random
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

import _demo_texts as T  # beside this script, which runs as a script

Question = dict[str, Any]
Label = dict[str, Any]
Attachments = list[tuple[str, str]]

SEED = 20251201
HERE = Path(__file__).resolve().parent
MBOX_DIR = HERE.parents[1] / "triage" / "demo" / "mailboxes"
LABELS_PATH = HERE / "labels.jsonl"
BOX_ORDER = ("housing", "international", "fees")
POLICY = email.policy.default

END = datetime(2026, 11, 20, 18, 0)
HURRY_AFTER = datetime(2026, 10, 26, 18, 0)  # later threads use short gaps (< 12 days)
LATEST_THREAD_START = datetime(2026, 11, 8, 12, 0)
MONTHS = [(2025, 12)] + [(2026, m) for m in range(1, 12)]
SEASON = {  # weights per MONTHS index: Dec, Jan, ..., Nov
    "housing": [4, 4, 1, 1, 1, 2, 2, 5, 6, 2, 1, 1],
    "migration": [1, 1, 1, 2, 4, 5, 6, 5, 4, 1, 1, 1],
    "outbound": [1, 3, 5, 2, 1, 2, 1, 1, 3, 5, 2, 1],
    "fees": [3, 3, 1, 1, 2, 3, 4, 4, 2, 1, 1, 2],
    "other": [2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 2, 2],
}
HOUR_WEIGHTS = [1, 1, 0, 0, 0, 0, 1, 3, 5, 6, 6, 6, 4, 5, 6, 5, 4, 3, 3, 4, 5, 5, 4, 2]
STUDENT_DOMAIN_SHARE = {
    "housing": 0.3,
    "migration": 0.2,
    "outbound": 0.9,
    "fees": 0.2,
    "other": 0.5,
}
PERSONAL_DOMAINS = ["example.com", "example.org", "example.net"]
TEST_NETS = ["192.0.2", "198.51.100", "203.0.113"]
AUTO_REPLY_COUNT = 15  # in threads; plus T.AUTO_STANDALONE

SV_MON = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
SV_MON_ABBR = [
    "jan.",
    "feb.",
    "mars",
    "apr.",
    "maj",
    "juni",
    "juli",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
]
SV_WD = ["mån", "tis", "ons", "tors", "fre", "lör", "sön"]
EN_MON = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
EN_WD = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
REPLY_PREFIXES = ("re:", "sv:", "aw:", "vs:", "fw:", "vb:")
AUTO_HEADER_SETS: list[list[tuple[str, str]]] = [
    [("Auto-Submitted", "auto-replied"), ("X-Autoreply", "yes")],
    [("Auto-Submitted", "auto-replied")],
    [("X-Autoreply", "yes")],
    [("Precedence", "auto_reply")],
    [("Precedence", "bulk"), ("X-Auto-Response-Suppress", "All")],
    [],  # recognisable by its subject only
    [("Auto-Submitted", "auto-replied"), ("Precedence", "bulk")],
    [("X-Autorespond", "yes")],
]
CLIENTS: list[tuple[str, str] | None] = [
    ("User-Agent", "Mozilla Thunderbird"),
    ("X-Mailer", "iPhone Mail (21F90)"),
    ("X-Mailer", "Microsoft Outlook 16.0"),
    None,
    None,
    None,
]


# ----------------------------------------------------------------- helpers
def _last_sunday(year: int, month: int) -> datetime:
    day = datetime(year, month, calendar.monthrange(year, month)[1])
    return day - timedelta(days=(day.weekday() + 1) % 7)


def stockholm(local: datetime) -> datetime:
    """Attach the Europe/Stockholm offset (+0100 winter, +0200 summer)."""
    start = _last_sunday(local.year, 3).replace(hour=2)
    end = _last_sunday(local.year, 10).replace(hour=3)
    if start <= local < start + timedelta(hours=1):  # the skipped hour
        local += timedelta(hours=1)
    hours = 2 if start <= local < end else 1
    return local.replace(tzinfo=timezone(timedelta(hours=hours)))


def fold(text: str) -> str:
    """ASCII-fold a name part for use in an e-mail address."""
    text = text.lower().replace("ı", "i").replace("ø", "o").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in ".-"))


def base_lang(lang: str) -> str:
    return "sv" if lang == "sv" else "en"


def box_address(box: str) -> Address:
    name, addr = T.FUNCTION_BOXES[box]
    return Address(name, addr_spec=addr)


def addr_text(address: Address) -> str:
    return f"{address.display_name} <{address.addr_spec}>"


def strip_prefixes(subject: str) -> str:
    while subject.lower().startswith(REPLY_PREFIXES):
        subject = subject[3:].lstrip()
    return subject


def quote_lines(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())


def label(msgid: str, box: str, qtype: str | None, kind: str, lang: str, tid: str) -> Label:
    return {
        "message_id": msgid,
        "mailbox": box,
        "question_type": qtype,
        "kind": kind,
        "language": lang,
        "thread": tid,
    }


# ------------------------------------------------------------- data types
@dataclass
class Person:
    name: str
    first: str
    addr: str

    @property
    def address(self) -> Address:
        return Address(self.name, addr_spec=self.addr)


@dataclass
class Mail:
    sender: Address
    to: list[Address]
    subject: str
    text: str
    when: datetime
    msgid: str
    cc: list[Address] = field(default_factory=list)
    reply_to: Address | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    html: str | None = None  # None | "alt" | "only" | "related"
    html_body: str | None = None  # key into T.HTML_TEMPLATES
    style: str = "gmail"
    attachments: Attachments = field(default_factory=list)
    charset: str = "utf-8"


@dataclass
class Sent:
    """What later messages in a thread need to know about an earlier one."""

    msgid: str
    subject: str
    sender: Address
    reply_to: Address | None
    to_text: str
    when: datetime
    text: str
    refs: list[str]
    data: bytes

    @property
    def answer_to(self) -> Address:
        return self.reply_to or self.sender


@dataclass
class Record:
    boxes: tuple[str, ...]
    when: datetime
    envelope: str
    data: bytes
    label: Label


@dataclass
class Thread:
    q: Question
    person: Person
    tid: str
    box: str  # the mailbox that answers
    last: Sent
    count: int = 1
    tag: str | None = None
    last_kind: str = "question"

    def gap(self, lo: int, hi: int) -> tuple[int, int]:
        """Day range before the next message; short for threads started late."""
        return (0, min(hi, 1)) if self.last.when > HURRY_AFTER else (lo, hi)


# --------------------------------------------------------------- builder
class DemoBuilder:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.records: list[Record] = []
        self.used_ids: set[str] = set()
        self.used_names: set[str] = set()
        self.used_addrs: set[str] = set()
        self.boundary_no = 0
        self.case_no = 100
        self.thread_no = 0
        self.open_threads: list[Thread] = []
        self.html_plan: dict[int, str] = {}
        self.charset_plan: dict[int, str] = {}

    # ------------------------------------------------------------ basics
    def new_tid(self) -> str:
        self.thread_no += 1
        return f"demo-{self.thread_no:03d}"

    def msgid(self, domain: str, when: datetime) -> str:
        while True:
            bits = self.rng.getrandbits(64)
            style = self.rng.randrange(3)
            if style == 0:
                local = f"{when:%Y%m%d%H%M%S}.{bits:016x}"
            elif style == 1:
                local = f"{bits:016X}{self.rng.getrandbits(16):04X}"
            else:
                h = f"{bits:016x}{self.rng.getrandbits(32):08x}"
                local = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
            mid = f"<{local}@{domain}>"
            if mid not in self.used_ids:
                self.used_ids.add(mid)
                return mid

    def student_time(self, day: datetime) -> datetime:
        hour = self.rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
        return day.replace(hour=hour, minute=self.rng.randrange(60), second=self.rng.randrange(60))

    def office_time(self, after: datetime, lo: int, hi: int) -> datetime:
        when = after + timedelta(days=self.rng.randint(lo, hi))
        when = when.replace(
            hour=self.rng.randint(8, 16),
            minute=self.rng.randrange(60),
            second=self.rng.randrange(60),
        )
        while when <= after or when.weekday() >= 5:
            when += timedelta(days=1)
        return when

    def requester_time(self, after: datetime, lo: int, hi: int) -> datetime:
        when = self.student_time(after + timedelta(days=self.rng.randint(lo, hi)))
        if when <= after:
            when = after + timedelta(minutes=self.rng.randint(25, 400))
        return when

    def question_date(self, q: Question, threaded: bool) -> datetime:
        if "m" in q:
            idx = 0 if q["m"] == 12 else q["m"]
        else:
            idx = self.rng.choices(range(12), weights=SEASON[q["t"]])[0]
        year, month = MONTHS[idx]
        last = calendar.monthrange(year, month)[1]
        if (year, month) == (END.year, END.month):
            last = END.day - 1
        lo, hi = q.get("d", (1, 31))
        when = self.student_time(datetime(year, month, self.rng.randint(lo, min(hi, last))))
        if threaded and when > LATEST_THREAD_START:  # leave room for the replies
            when -= timedelta(days=self.rng.randint(11, 19))
        return min(when, LATEST_THREAD_START) if threaded else when

    def record(
        self, data: bytes, when: datetime, envelope: str, boxes: tuple[str, ...], lab: Label
    ) -> None:
        self.records.append(Record(boxes, when, envelope, data, lab))

    # ----------------------------------------------------------- people
    def person_for(self, q: Question) -> Person:
        if "who" in q:
            return Person(*T.PEOPLE[q["who"]])
        if "name" in q:
            name, addr = q["name"]
            return Person(name, name.split()[0], addr)
        return self.random_person(q["l"], q["t"])

    def pick_origin(self, lang: str, qtype: str) -> str:
        others = [o for o in T.NAME_POOLS if o != "se"]
        if lang == "sv":
            if self.rng.random() < (0.9 if qtype == "outbound" else 0.75):
                return "se"
            return self.rng.choice(["arab", "ir_tr_pk", "fi_pl", "de", "afr"])
        if qtype == "outbound" and self.rng.random() < 0.3:
            return "se"
        return self.rng.choice(others)

    def random_person(self, lang: str, qtype: str) -> Person:
        while True:
            firsts, lasts, family_first = T.NAME_POOLS[self.pick_origin(lang, qtype)]
            first, last = self.rng.choice(firsts), self.rng.choice(lasts)
            name = f"{last} {first}" if family_first else f"{first} {last}"
            if name not in self.used_names:
                break
        self.used_names.add(name)
        given = first.split()[-1] if family_first else first
        return Person(name, given, self.make_address(first, last, qtype))

    def make_address(self, first: str, last: str, qtype: str) -> str:
        fn, ln = fold(first), fold(last)
        if self.rng.random() < STUDENT_DOMAIN_SHARE[qtype]:
            local, domain = f"{fn}.{ln}", "student.example.se"
        else:
            domain = self.rng.choice(PERSONAL_DOMAINS)
            local = self.rng.choice(
                [
                    f"{fn}.{ln}",
                    f"{fn}{ln[0]}",
                    f"{fn[0]}{ln}{self.rng.randint(70, 99)}",
                    f"{fn}_{ln}",
                    f"{ln}.{fn}{self.rng.randint(1, 99)}",
                    f"{fn}{ln}",
                ]
            )
        addr = f"{local}@{domain}"
        while addr in self.used_addrs:
            addr = f"{local}{self.rng.randint(2, 9)}@{domain}"
        self.used_addrs.add(addr)
        return addr

    # ------------------------------------------------------- rendering
    def render(self, mail: Mail) -> bytes:
        msg = EmailMessage()
        self.set_headers(msg, mail)
        self.set_body(msg, mail)
        for kind, name in mail.attachments:
            self.attach(msg, kind, name, mail)
        for part in msg.walk():  # the generator would pick random boundaries
            if part.get_content_maintype() == "multipart" and not part.get_boundary():
                self.boundary_no += 1
                part.set_boundary(f"=_demo_{self.boundary_no:04d}_{self.rng.getrandbits(40):010x}")
        return msg.as_bytes(policy=POLICY)

    def received(self, mail: Mail) -> str:
        domain = mail.sender.domain
        ip = f"{self.rng.choice(TEST_NETS)}.{self.rng.randint(2, 250)}"
        stamp = format_datetime(stockholm(mail.when + timedelta(seconds=self.rng.randint(2, 40))))
        return (
            f"from {domain} ({domain} [{ip}]) by mx.intl.example.se (Postfix) "
            f"with ESMTPS id {self.rng.getrandbits(40):010X}; {stamp}"
        )

    def set_headers(self, msg: EmailMessage, mail: Mail) -> None:
        msg["Return-Path"] = f"<{mail.sender.addr_spec}>"
        msg["Received"] = self.received(mail)
        msg["From"] = mail.sender
        msg["To"] = mail.to
        if mail.cc:
            msg["Cc"] = mail.cc
        if mail.reply_to:
            msg["Reply-To"] = mail.reply_to
        msg["Subject"] = mail.subject
        msg["Date"] = format_datetime(stockholm(mail.when))
        msg["Message-ID"] = mail.msgid
        if mail.in_reply_to:
            msg["In-Reply-To"] = mail.in_reply_to
        if mail.references:
            msg["References"] = " ".join(mail.references)
        for name, value in mail.extra:
            msg[name] = value

    def pick_cte(self, text: str, charset: str) -> str | None:
        if text.isascii():
            return None
        roll = self.rng.random()
        if charset != "utf-8":
            return "quoted-printable" if roll < 0.5 else "8bit"
        return "8bit" if roll < 0.5 else "quoted-printable" if roll < 0.85 else "base64"

    def set_body(self, msg: EmailMessage, mail: Mail) -> None:
        if mail.html == "only":
            msg.set_content(self.to_html(mail), subtype="html")
            return
        msg.set_content(mail.text, charset=mail.charset, cte=self.pick_cte(mail.text, mail.charset))
        if mail.html in ("alt", "related"):
            msg.add_alternative(self.to_html(mail), subtype="html")
        html_part = msg.get_body(("html",))
        if mail.html == "related" and html_part is not None:
            image = self.fake_file("jpg")[0]
            html_part.add_related(
                image, "image", "jpeg", cid=self.cid(mail), filename="image001.jpg"
            )

    @staticmethod
    def cid(mail: Mail) -> str:
        local = mail.msgid.strip("<>").split("@")[0][-12:]
        return f"<image001.{local}@{mail.sender.domain}>"

    # ------------------------------------------------------------ HTML
    def to_html(self, mail: Mail) -> str:
        if mail.html_body:
            return T.HTML_TEMPLATES[mail.html_body].replace("{body}", self.gmail_html(mail.text))
        converters = {"outlook": self.outlook_html, "apple": self.apple_html}
        body = converters.get(mail.style, self.gmail_html)(mail.text)
        if mail.html == "related":
            src = self.cid(mail).strip("<>")
            img = f'<img width="160" height="48" src="cid:{src}" alt="logo">'
            if "</body>" in body:
                return body.replace("</body>", f"<p>{img}</p></body>")
            return body + img
        return body

    @staticmethod
    def gmail_html(text: str) -> str:
        out, quote = ['<div dir="ltr">'], []
        for line in text.splitlines():
            if line.startswith(">"):
                quote.append(html.escape(line.lstrip("> ")) or "<br>")
            else:
                out.append(f"<div>{html.escape(line)}</div>" if line else "<div><br></div>")
        out.append("</div>")
        if quote:
            out.append(
                '<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;'
                'border-left:1px #ccc solid;padding-left:1ex">'
                + "<br>\n".join(quote)
                + "</blockquote>"
            )
        return "\n".join(out) + "\n"

    @staticmethod
    def outlook_html(text: str) -> str:
        head = (
            '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>'
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            "<style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt;"
            'font-family:"Calibri",sans-serif;} --></style></head>\n'
            '<body lang="SV" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">'
            '<div class="WordSection1">\n'
        )
        rows = []
        for line in text.splitlines():
            if line.startswith("_____"):
                rows.append(
                    '<div style="border:none;border-top:solid #E1E1E1 1.0pt;'
                    'padding:3.0pt 0cm 0cm 0cm"></div>'
                )
            elif line:
                rows.append(f'<p class="MsoNormal">{html.escape(line)}<o:p></o:p></p>')
            else:
                rows.append('<p class="MsoNormal"><o:p>&nbsp;</o:p></p>')
        return head + "\n".join(rows) + "\n</div></body></html>\n"

    @staticmethod
    def apple_html(text: str) -> str:
        lines = "<br>\n".join(html.escape(line) for line in text.splitlines())
        return (
            '<html><head><meta http-equiv="content-type" content="text/html; '
            'charset=utf-8"></head><body style="overflow-wrap: break-word; '
            '-webkit-nbsp-mode: space; line-break: after-white-space;">'
            f"{lines}</body></html>\n"
        )

    # ----------------------------------------------------- attachments
    def fake_file(self, kind: str, name: str = "") -> tuple[bytes, str, str]:
        """A few hundred bytes that start like the real file type."""
        rnd = self.rng.randbytes
        if kind == "pdf":
            title = fold(name.rsplit(".", 1)[0]) or "document"
            data = (
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                b"/Contents 4 0 R >> endobj\n4 0 obj << /Length 60 >> stream\n"
                b"BT /F1 12 Tf 72 760 Td (" + title.encode() + b") Tj ET\nendstream endobj\n"
                b"trailer << /Root 1 0 R >>\n%%EOF\n"
            )
            return data, "application", "pdf"
        if kind == "jpg":
            head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            return head + rnd(self.rng.randint(300, 900)) + b"\xff\xd9", "image", "jpeg"
        if kind == "docx":
            head = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml"
            docx = "vnd.openxmlformats-officedocument.wordprocessingml.document"
            return head + rnd(400), "application", docx
        if kind == "tnef":
            head = b"\x78\x9f\x3e\x22\x01\x00\x01\x06\x90\x08\x00"
            return head + rnd(260), "application", "ms-tnef"
        raise ValueError(kind)

    def attach(self, msg: EmailMessage, kind: str, name: str, mail: Mail) -> None:
        if kind == "rfc822":
            msg.add_attachment(self.forwarded_message(mail))
            return
        data, maintype, subtype = self.fake_file(kind, name)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)

    def forwarded_message(self, outer: Mail) -> EmailMessage:
        when = outer.when - timedelta(days=2, hours=5)
        inner = EmailMessage()
        inner["From"] = Address("Migrationsverket", addr_spec="no-reply@example.org")
        inner["To"] = outer.sender
        inner["Subject"] = (
            "Begäran om komplettering / Request for supplementary documents – 26-211904"
        )
        inner["Date"] = format_datetime(stockholm(when))
        inner["Message-ID"] = self.msgid("example.org", when)
        inner.set_content(T.FORWARDED_MIGRATIONSVERKET, cte="quoted-printable")
        return inner

    # ------------------------------------------------------ text parts
    def signoff(self, person: Person, lang: str) -> str:
        text = self.rng.choice(T.SIGNOFFS[lang]).format(first=person.first, full=person.name)
        roll = self.rng.random()
        if roll < 0.08:
            text += "\n\n" + self.rng.choice(T.DEVICE_LINES[base_lang(lang)])
        elif roll < 0.12:
            text += "\n\n-- \n" + self.rng.choice(T.DISCLAIMERS)
        return text

    def attribution(self, prev: Sent, lang: str) -> str:
        w, who, name = prev.when, addr_text(prev.sender), prev.sender.display_name
        hm, sv_mon, en_mon = f"{w:%H:%M}", SV_MON_ABBR[w.month - 1], EN_MON[w.month - 1][:3]
        if lang == "sv":
            return self.rng.choice(
                [
                    f"Den {SV_WD[w.weekday()]} {w.day} {sv_mon} {w.year} kl {hm} skrev {who}:",
                    f"Den {w.day} {sv_mon} {w.year} skrev {who}:",
                    f"{w.day} {sv_mon} {w.year} kl. {hm} skrev {who}:",
                ]
            )
        wd = EN_WD[w.weekday()][:3]
        return self.rng.choice(
            [
                f"On {wd}, {w.day} {en_mon} {w.year} at {hm}, {who} wrote:",
                f"On {wd}, {w.day} {en_mon} {w.year}, {name} wrote:",
                f"On {w:%d/%m/%Y} {hm}, {name} wrote:",
                f"On {w.day} {en_mon} {w.year}, at {hm}, {who} wrote:",
            ]
        )

    @staticmethod
    def outlook_quote(prev: Sent, lang: str) -> str:
        w, sender = prev.when, addr_text(prev.sender)
        if lang == "sv":
            sent = f"den {w.day} {SV_MON[w.month - 1]} {w.year} {w:%H:%M}"
            head = f"Från: {sender}\nSkickat: {sent}\nTill: {prev.to_text}\nÄmne: {prev.subject}"
        else:
            sent = f"{EN_WD[w.weekday()]}, {w.day} {EN_MON[w.month - 1]} {w.year} {w:%H:%M}"
            head = f"From: {sender}\nSent: {sent}\nTo: {prev.to_text}\nSubject: {prev.subject}"
        return "________________________________\n" + head + "\n\n" + prev.text

    def with_quote(self, own: str, prev: Sent, lang: str) -> str:
        roll = self.rng.random()
        if roll < 0.15:
            return own + "\n\n" + self.outlook_quote(prev, lang)
        quoted = self.attribution(prev, lang) + "\n" + quote_lines(prev.text)
        if roll < 0.25:  # bottom-posting
            return quoted + "\n\n" + own
        if roll < 0.35:  # no quote at all
            return own
        return own + "\n\n" + quoted

    @staticmethod
    def office_signature(as_officer: bool, qtype: str, box: str) -> str:
        box_name, box_addr = T.FUNCTION_BOXES[box]
        if as_officer:
            name, _addr, title = T.OFFICERS[qtype]
            return f"{name}\n{title}\nInternational Office, Example University\n{box_addr}"
        return (
            f"{box_name}\nInternational Office, Example University\n"
            f"{box_addr} | https://intl.example.se"
        )

    def reply_subject(self, prev_subject: str, prefix: str, tag: str | None) -> str:
        base = strip_prefixes(prev_subject)
        if tag and f"[#{tag}]" not in base:
            base = f"{base} [#{tag}]"
        if self.rng.random() < 0.08 and prev_subject.lower().startswith(REPLY_PREFIXES):
            return f"{prefix} {prev_subject}"  # a client that nests prefixes
        return f"{prefix} {base}"

    @staticmethod
    def sent_from(mail: Mail, data: bytes) -> Sent:
        to_text = ", ".join(addr_text(a) for a in mail.to)
        return Sent(
            mail.msgid,
            mail.subject,
            mail.sender,
            mail.reply_to,
            to_text,
            mail.when,
            mail.text,
            list(mail.references),
            data,
        )

    # ------------------------------------------------------ questions
    def question_mail(
        self, idx: int, q: Question, person: Person, box: str, when: datetime
    ) -> Mail:
        text = q["b"].strip()
        if not q.get("nosig"):
            text += "\n\n" + self.signoff(person, q["l"])
        sender, reply_to = person.address, None
        if q.get("form"):
            sender = Address("Webbformulär", addr_spec="noreply@intl.example.se")
            reply_to = person.address
        mode = q.get("html", self.html_plan.get(idx))
        plain_style = self.rng.choice(["gmail", "apple"])
        client = self.rng.choice(CLIENTS)
        return Mail(
            sender=sender,
            to=[box_address(box)],
            subject=q["s"],
            text=text,
            when=when,
            msgid=self.msgid(sender.domain, when),
            reply_to=reply_to,
            cc=[box_address(q["cc"])] if "cc" in q else [],
            extra=[client] if client else [],
            html=mode,
            html_body=q.get("hb"),
            style="outlook" if mode == "only" else plain_style,
            attachments=list(q.get("att", [])),
            charset=self.charset_for(idx, q, text),
        )

    def charset_for(self, idx: int, q: Question, text: str) -> str:
        charset = str(q.get("cs", self.charset_plan.get(idx, "utf-8")))
        try:
            text.encode(charset)
        except UnicodeEncodeError:
            return "utf-8"
        return charset

    def run_question(self, idx: int, q: Question) -> None:
        person = self.person_for(q)
        box: str = q.get("box", T.DEFAULT_BOX[q["t"]])
        tid = self.new_tid()
        mail = self.question_mail(idx, q, person, box, self.question_date(q, "r" in q))
        data = self.render(mail)
        lab = label(mail.msgid, box, q["t"], q.get("k", "question"), q["l"], tid)
        boxes: tuple[str, ...] = (box,)
        if "cc" in q:
            boxes, lab["also_in"] = (box, q["cc"]), [q["cc"]]
        self.record(data, mail.when, person.addr, boxes, lab)
        if "r" in q:
            reply_box: str = q.get("rbox", box)
            thread = Thread(q, person, tid, reply_box, self.sent_from(mail, data))
            self.continue_thread(thread)

    # -------------------------------------------------------- threads
    def continue_thread(self, th: Thread) -> None:
        q, lang = th.q, base_lang(th.q["l"])
        if "f" not in q and self.rng.random() < 0.2:  # "any news?" before the answer
            when = self.requester_time(th.last.when, *th.gap(4, 8))
            nudge = self.rng.choice(T.NUDGES[lang])
            self.requester_msg(th, when, nudge, lang, "reply_from_requester", to_self=True)
        self.office_msg(th, q["r"], list(q.get("ratt", [])), first=True)
        if "f" in q:
            when = self.requester_time(th.last.when, *th.gap(0, 6))
            kind = q.get("fk", "reply_from_requester")
            self.requester_msg(th, when, q["f"], q["l"], kind, q.get("fmode"), q.get("fatt", []))
            if "r2" in q or (kind != "thanks" and self.rng.random() < 0.5):
                self.office_msg(th, q.get("r2") or self.rng.choice(T.SECOND_REPLIES[lang]), [])
        open_end = th.last_kind == "reply_from_office" and th.count < 5
        if open_end and self.rng.random() < 0.22:
            when = self.requester_time(th.last.when, *th.gap(0, 2))
            self.requester_msg(th, when, self.rng.choice(T.THANKS[lang]), lang, "thanks")
        if th.last_kind == "reply_from_office" and th.count < 5:
            self.open_threads.append(th)  # may get an auto-reply or a bounce later

    def office_msg(self, th: Thread, body: str, atts: Attachments, first: bool = False) -> None:
        q, lang, prev = th.q, base_lang(th.q["l"]), th.last
        as_officer = self.rng.random() < 0.55
        if first and (q.get("fmode") == "tag" or self.rng.random() < 0.45):
            self.case_no += self.rng.randint(1, 9)
            th.tag = str(self.case_no)
        name, addr, _title = T.OFFICERS[q["t"]]
        sender = Address(name, addr_spec=addr) if as_officer else box_address(th.box)
        reply_to = box_address(th.box) if as_officer and self.rng.random() < 0.6 else None
        prefix = "SV:" if lang == "sv" and as_officer else ("RE:" if as_officer else "Re:")
        text = self.office_text(th, body, as_officer, lang)
        when = self.office_time(prev.when, *th.gap(0, 4))
        mode = "related" if first and q.get("rhtml") else None
        if mode is None and as_officer and self.rng.random() < 0.35:
            mode = "alt"
        mail = Mail(
            sender=sender,
            to=[prev.answer_to],
            subject=self.reply_subject(prev.subject, prefix, th.tag),
            text=text,
            when=when,
            msgid=self.msgid("intl.example.se", when),
            reply_to=reply_to,
            in_reply_to=prev.msgid,
            references=[*prev.refs, prev.msgid],
            html=mode,
            style="outlook",
            attachments=atts,
        )
        self.emit_thread_mail(th, mail, "reply_from_office", lang, sender.addr_spec)

    def office_text(self, th: Thread, body: str, as_officer: bool, lang: str) -> str:
        person = th.person
        greet = self.rng.choice(T.GREETINGS[lang]).format(first=person.first, full=person.name)
        closing = self.rng.choice(T.CLOSINGS[lang])
        signature = self.office_signature(as_officer, th.q["t"], th.box)
        parts = [greet, body.strip(), closing + "\n" + signature]
        if self.rng.random() < 0.3:
            parts.append(T.OFFICE_GDPR)
        text = "\n\n".join(parts)
        if as_officer and self.rng.random() < 0.5:
            text += "\n\n" + self.outlook_quote(th.last, lang)
        return text

    def requester_msg(
        self,
        th: Thread,
        when: datetime,
        body: str,
        lang: str,
        kind: str,
        mode: str | None = None,
        atts: Attachments | None = None,
        to_self: bool = False,
    ) -> None:
        prev, blang, own_box = th.last, base_lang(lang), box_address(th.box)
        closing = "Mvh {first}" if blang == "sv" else "Best, {first}"
        own = body.strip() + "\n\n" + self.rng.choice(["{first}", "/{first}", "{full}", closing])
        own = own.format(first=th.person.first, full=th.person.name)
        text = own if mode == "tag" else self.with_quote(own, prev, blang)
        prefix = "SV:" if blang == "sv" and self.rng.random() < 0.3 else "Re:"
        to = own_box if to_self else prev.answer_to
        officer_only = to.domain == "intl.example.se" and to.addr_spec != own_box.addr_spec
        mail = Mail(
            sender=th.person.address,
            to=[to],
            cc=[own_box] if officer_only else [],
            subject=self.reply_subject(prev.subject, prefix, th.tag),
            text=text,
            when=when,
            msgid=self.msgid(th.person.address.domain, when),
            in_reply_to=None if mode in ("refs", "tag") else prev.msgid,
            references=[] if mode == "tag" else [*prev.refs, prev.msgid],
            attachments=atts or [],
        )
        self.emit_thread_mail(th, mail, kind, lang, th.person.addr)

    def emit_thread_mail(self, th: Thread, mail: Mail, kind: str, lang: str, envelope: str) -> None:
        data = self.render(mail)
        lab = label(mail.msgid, th.box, th.q["t"], kind, lang, th.tid)
        self.record(data, mail.when, envelope, (th.box,), lab)
        th.last, th.count, th.last_kind = self.sent_from(mail, data), th.count + 1, kind

    # ------------------------------------------------- auto replies
    def auto_reply(self, th: Thread, n: int) -> None:
        prev, lang = th.last, base_lang(th.q["l"])
        prefix, body = self.rng.choice(T.AUTO_REPLIES[lang])
        when = prev.when + timedelta(
            minutes=self.rng.randint(1, 4), seconds=self.rng.randint(0, 59)
        )
        until = prev.when + timedelta(days=self.rng.randint(3, 20))
        months = SV_MON if lang == "sv" else EN_MON
        threaded = self.rng.random() < 0.6
        mail = Mail(
            sender=th.person.address,
            to=[prev.answer_to],
            subject=f"{prefix}: {prev.subject}",
            text=body.format(until=f"{until.day} {months[until.month - 1]}"),
            when=when,
            msgid=self.msgid(th.person.address.domain, when),
            in_reply_to=prev.msgid if threaded else None,
            references=[prev.msgid] if threaded else [],
            extra=list(AUTO_HEADER_SETS[n % len(AUTO_HEADER_SETS)]),
        )
        lab = label(mail.msgid, th.box, None, "auto_reply", lang, th.tid)
        self.record(self.render(mail), when, th.person.addr, (th.box,), lab)

    def standalone_auto_reply(self, spec: tuple[str, str, str, str, int], n: int) -> None:
        """An auto-reply to one of the office's mass mailings (not in any mbox)."""
        name, addr, lang, subject, body_idx = spec
        prefix, body = T.AUTO_REPLIES[lang][body_idx]
        day = datetime(2026, self.rng.choice([3, 6, 9]), self.rng.randint(2, 27), 9, 30)
        when = day + timedelta(minutes=self.rng.randint(0, 300))
        newsletter = self.msgid("intl.example.se", day)
        until = "30 " + (SV_MON if lang == "sv" else EN_MON)[when.month]
        mail = Mail(
            sender=Address(name, addr_spec=addr),
            to=[box_address("international")],
            subject=f"{prefix}: {subject}",
            text=body.format(until=until),
            when=when,
            msgid=self.msgid(addr.split("@")[1], when),
            in_reply_to=newsletter,
            references=[newsletter],
            extra=list(AUTO_HEADER_SETS[n % len(AUTO_HEADER_SETS)]),
        )
        lab = label(mail.msgid, "international", None, "auto_reply", lang, self.new_tid())
        self.record(self.render(mail), when, addr, ("international",), lab)

    # ------------------------------------------------------- bounces
    def bounce(self, th: Thread, spec: tuple[str, str, str, str]) -> None:
        subject_t, status, diag, lang = spec
        prev = th.last
        rcpt = prev.to_text.split("<")[-1].rstrip(">")
        when = prev.when + timedelta(seconds=self.rng.randint(5, 90))
        msgid = self.msgid("intl.example.se", when)
        boundary = f"=_bounce_{self.rng.getrandbits(48):012x}"
        subject = subject_t.format(subject=strip_prefixes(prev.subject))
        stamp = format_datetime(stockholm(when))
        head = [
            "Return-Path: <>",
            f"Received: by mx.intl.example.se (Postfix); {stamp}",
            "From: Mail Delivery System <MAILER-DAEMON@intl.example.se>",
            f"To: {prev.sender.addr_spec}",
            f"Subject: {Header(subject, 'utf-8').encode()}",
            f"Date: {stamp}",
            f"Message-ID: {msgid}",
            "Auto-Submitted: auto-replied",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status;",
            f' boundary="{boundary}"',
        ]
        original = prev.data.split(b"\n\n", 1)[0].decode("ascii", "replace")
        parts = self.bounce_parts(rcpt, status, diag.format(rcpt=rcpt), lang, stamp, original)
        body = "This is a MIME-encapsulated message.\n\n"
        body += "".join(f"--{boundary}\n{part}\n" for part in parts) + f"--{boundary}--\n"
        data = ("\n".join(head) + "\n\n" + body).encode("utf-8")
        lab = label(msgid, th.box, None, "bounce", lang, th.tid)
        self.record(data, when, "MAILER-DAEMON", (th.box,), lab)

    @staticmethod
    def bounce_parts(
        rcpt: str, status: str, diag: str, lang: str, stamp: str, original_headers: str
    ) -> list[str]:
        host = f"mx.{rcpt.split('@')[1]}"
        if lang == "sv":
            note = (
                "Det gick inte att leverera meddelandet till följande mottagare:\n\n"
                f"{rcpt}\nMottagarens e-postsystem avvisade meddelandet.\n"
            )
            charset = "utf-8"
        else:
            note = (
                "This is the mail system at host mx.intl.example.se.\n\n"
                "I'm sorry to have to inform you that your message could not\n"
                "be delivered to one or more recipients.\n\n"
                f"<{rcpt}>: host {host}[198.51.100.25] said: {diag}\n"
                "    (in reply to RCPT TO command)\n"
            )
            charset = "us-ascii"
        report = (
            f"Reporting-MTA: dns; mx.intl.example.se\nArrival-Date: {stamp}\n\n"
            f"Final-Recipient: rfc822; {rcpt}\nOriginal-Recipient: rfc822;{rcpt}\n"
            f"Action: failed\nStatus: {status}\nRemote-MTA: dns; {host}\n"
            f"Diagnostic-Code: smtp; {diag}\n"
        )
        return [
            "Content-Description: Notification\n"
            f"Content-Type: text/plain; charset={charset}\n"
            f"Content-Transfer-Encoding: 8bit\n\n{note}",
            f"Content-Description: Delivery report\nContent-Type: message/delivery-status\n\n{report}",
            "Content-Description: Undelivered Message Headers\n"
            f"Content-Type: text/rfc822-headers\n\n{original_headers}\n",
        ]

    # ---------------------------------------------------------- spam
    def spam(self, item: Question) -> None:
        name, addr = item["name"]
        sender = Address(name, addr_spec=addr)
        year, month = MONTHS[self.rng.randrange(12)]
        when = self.student_time(datetime(year, month, self.rng.randint(1, 19)))
        mode = item.get("html") or ("alt" if item.get("hb") else None)
        mail = Mail(
            sender=sender,
            to=[box_address(item["box"])],
            subject=item["s"],
            text=item["b"].strip() + "\n",
            when=when,
            msgid=self.msgid(sender.domain, when),
            html=mode,
            html_body=item.get("hb"),
            style="outlook",
            attachments=list(item.get("att", [])),
            extra=[("X-Mailer", "PHPMailer 6.1.4")],
        )
        lab = label(mail.msgid, item["box"], "other", "spam", item["l"], self.new_tid())
        self.record(self.render(mail), when, addr, (item["box"],), lab)

    # ---------------------------------------------- raw / malformed
    def raw_message(self, key: str) -> None:
        qtype, lang, subject, body, name, addr = T.RAW_TEXTS[key]
        box = T.DEFAULT_BOX[qtype]
        when = self.question_date({"t": qtype}, threaded=False)
        msgid = self.msgid(addr.split("@")[1], when)
        head = [
            f"Return-Path: <{addr}>",
            f"From: {formataddr((name, addr), charset='utf-8')}",
            f"To: {formataddr(T.FUNCTION_BOXES[box])}",
            f"Subject: {Header(subject, 'utf-8').encode()}",
            f"Date: {format_datetime(stockholm(when))}",
            f"Message-ID: {msgid}",
            "MIME-Version: 1.0",
        ]
        head, payload = RAW_BUILDERS[key](self, head, body)
        kind = "question" if key in ("wrong_charset", "rfc2047_latin1") else "malformed"
        data = "\n".join(head).encode("ascii") + b"\n\n" + payload
        lab = label(msgid, box, qtype, kind, lang, self.new_tid())
        self.record(data, when, addr, (box,), lab)

    # ------------------------------------------------------- planning
    def plan(self) -> None:
        """Pick which plain questions become HTML mail and which use 8-bit charsets."""
        eligible = [i for i, q in enumerate(T.QUESTIONS) if "html" not in q and not q.get("form")]
        picked = self.rng.sample(eligible, 20)
        self.html_plan = dict.fromkeys(picked[:13], "alt") | dict.fromkeys(picked[13:], "only")
        swedish = [
            i
            for i, q in enumerate(T.QUESTIONS)
            if q["l"] == "sv" and i not in self.html_plan and "cs" not in q
        ]
        chosen = self.rng.sample(swedish, 10)
        self.charset_plan = dict.fromkeys(chosen[:6], "iso-8859-1")
        self.charset_plan |= dict.fromkeys(chosen[6:], "windows-1252")

    def build(self) -> list[Record]:
        self.plan()
        for idx, q in enumerate(T.QUESTIONS):
            self.run_question(idx, q)
        for item in T.SPAM:
            self.spam(item)
        for key in T.RAW_TEXTS:
            self.raw_message(key)
        chosen = self.rng.sample(self.open_threads, AUTO_REPLY_COUNT + len(T.BOUNCES))
        for n, th in enumerate(chosen[:AUTO_REPLY_COUNT]):
            self.auto_reply(th, n)
        for th, bounce_spec in zip(chosen[AUTO_REPLY_COUNT:], T.BOUNCES, strict=True):
            self.bounce(th, bounce_spec)
        for n, auto_spec in enumerate(T.AUTO_STANDALONE):
            self.standalone_auto_reply(auto_spec, n)
        late = [r.label["message_id"] for r in self.records if r.when > END]
        assert not late, f"messages after {END}: {late}"
        return self.records


# ------------------------------------------------- raw message builders
# Each takes the common header lines and the body text and returns the
# final header lines and the raw body bytes.
RawParts = tuple[list[str], bytes]


def raw_wrong_charset(b: DemoBuilder, head: list[str], body: str) -> RawParts:
    """Declares ISO-8859-1, but the raw 8-bit bytes are UTF-8."""
    ctype = ['Content-Type: text/plain; charset="iso-8859-1"', "Content-Transfer-Encoding: 8bit"]
    return [*head, *ctype], body.encode("utf-8")


def raw_rfc2047_latin1(b: DemoBuilder, head: list[str], body: str) -> RawParts:
    """From name and Subject as ISO-8859-1 encoded-words, body latin-1 QP."""
    _qtype, _lang, subject, _body, name, addr = T.RAW_TEXTS["rfc2047_latin1"]
    head[1] = f"From: {Header(name, 'iso-8859-1').encode()} <{addr}>"
    head[3] = f"Subject: {Header(subject, 'iso-8859-1').encode()}"
    ctype = [
        'Content-Type: text/plain; charset="iso-8859-1"',
        "Content-Transfer-Encoding: quoted-printable",
    ]
    return [*head, *ctype], quopri.encodestring(body.encode("iso-8859-1"))


def raw_no_close_boundary(b: DemoBuilder, head: list[str], body: str) -> RawParts:
    """multipart/mixed whose PDF part is cut off: no closing boundary."""
    sep = "----=_Part_1187_20260711"
    pdf = base64.encodebytes(b.fake_file("pdf", "contract_signed.pdf")[0]).decode()
    text = (
        f"This is a multi-part message in MIME format.\n\n--{sep}\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit\n\n"
        f'{body}\n--{sep}\nContent-Type: application/pdf; name="contract_signed.pdf"\n'
        "Content-Transfer-Encoding: base64\n"
        'Content-Disposition: attachment; filename="contract_signed.pdf"\n\n'
        f"{pdf[: len(pdf) // 2]}"
    )
    return [*head, f'Content-Type: multipart/mixed; boundary="{sep}"'], text.encode()


def raw_broken_base64(b: DemoBuilder, head: list[str], body: str) -> RawParts:
    """Base64 body with junk characters inside and the padding cut off."""
    enc = base64.b64encode(body.encode("utf-8")).decode()
    enc = enc[:52] + "*#!%" + enc[52:-3]
    lines = "\n".join(enc[i : i + 76] for i in range(0, len(enc), 76))
    ctype = ['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: base64"]
    return [*head, *ctype], lines.encode() + b"\n"


def raw_header_no_colon(b: DemoBuilder, head: list[str], body: str) -> RawParts:
    """A header line without a colon right before the blank line."""
    return [*head, 'Content-Type: text/plain; charset="utf-8"', "X-Mailer Campus Webmail 2.1"], (
        body.encode()
    )


def raw_garbled_date(b: DemoBuilder, head: list[str], body: str) -> RawParts:
    head[4] = "Date: tis, 32 Smarch 2026 25:61:00 +2500"
    ctype = ['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: 8bit"]
    return [*head, *ctype], body.encode()


def raw_unknown_charset(b: DemoBuilder, head: list[str], body: str) -> RawParts:
    ctype = [
        'Content-Type: text/plain; charset="x-unknown-8bit"',
        "Content-Transfer-Encoding: 8bit",
    ]
    return [*head, *ctype], body.encode("iso-8859-1")


def raw_multipart_no_boundary(b: DemoBuilder, head: list[str], body: str) -> RawParts:
    return [*head, "Content-Type: multipart/mixed"], body.encode()


def raw_bad_cte(b: DemoBuilder, head: list[str], body: str) -> RawParts:
    """Broken encoded-word in Subject and an unknown transfer encoding."""
    head[3] = "Subject: =?utf-8?B?UmVmdW5k*IHN0YXR1cw=?="
    ctype = ['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: 8bits"]
    return [*head, *ctype], body.encode("utf-8")


RAW_BUILDERS = {
    "wrong_charset": raw_wrong_charset,
    "rfc2047_latin1": raw_rfc2047_latin1,
    "no_close_boundary": raw_no_close_boundary,
    "broken_base64": raw_broken_base64,
    "header_no_colon": raw_header_no_colon,
    "garbled_date": raw_garbled_date,
    "unknown_charset": raw_unknown_charset,
    "multipart_no_boundary": raw_multipart_no_boundary,
    "bad_cte": raw_bad_cte,
}


# ------------------------------------------------------------- output
def sort_key(rec: Record) -> tuple[datetime, str]:
    return (stockholm(rec.when).astimezone(UTC), rec.label["message_id"])


def write_mboxes(records: list[Record], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for box in BOX_ORDER:
        path = out_dir / f"{box}.mbox"
        if path.exists():
            path.unlink()
        mbox = mailbox.mbox(str(path), create=True)
        for rec in records:
            if box in rec.boxes:  # an explicit From_ line keeps the file deterministic
                stamp = time.asctime(stockholm(rec.when).astimezone(UTC).timetuple())
                mbox.add(f"From {rec.envelope} {stamp}\n".encode("ascii") + rec.data)
        mbox.flush()
        mbox.close()


def write_labels(records: list[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for box in BOX_ORDER:
            for rec in records:
                if rec.boxes[0] == box:
                    fh.write(json.dumps(rec.label, ensure_ascii=False) + "\n")


def main() -> None:
    records = sorted(DemoBuilder(SEED).build(), key=sort_key)
    write_mboxes(records, MBOX_DIR)
    write_labels(records, LABELS_PATH)
    counts = {box: sum(box in r.boxes for r in records) for box in BOX_ORDER}
    print(f"wrote {len(records)} messages {counts} to {MBOX_DIR} and {LABELS_PATH.name}")


if __name__ == "__main__":
    main()
