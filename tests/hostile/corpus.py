"""The whole corpus, and writing it as one .eml file per mail (generated at test time: it is
tens of megabytes, and the code says better than the bytes what each mail attacks)."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.addresses import address_mails
from tests.hostile.build import HostileMail
from tests.hostile.regexes import body_mails, header_mails, id_mails
from tests.hostile.structure import structure_mails


def hostile_mails() -> list[HostileMail]:
    mails = [
        *address_mails(),
        *body_mails(),
        *header_mails(),
        *id_mails(),
        *structure_mails(),
    ]
    names = [m.name for m in mails]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"two corpus mails share a name: {sorted(duplicates)}"
    return mails


def write_corpus(folder: Path) -> dict[Path, HostileMail]:
    """Write every mail to `folder`/NAME.eml; the mail each path holds."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for mail in hostile_mails():
        path = folder / f"{mail.name}.eml"
        path.write_bytes(mail.raw)
        written[path] = mail
    return written
