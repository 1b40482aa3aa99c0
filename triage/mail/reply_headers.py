"""Header values for an outgoing reply, made from what is stored about the case.

Stored ids and names came from mail anyone can send, and databases written before ingestion
cleaned them still hold CR/LF and other control characters: put into a header as they are, they
would add headers of their own (a Bcc) or make the mail library refuse the whole reply. Here
every such value is reduced to what the header may carry; what cannot be made safe is left out.
Addresses an officer types (CC, a forward's recipient) are checked, and refused when unsafe.
"""

from __future__ import annotations

import re

from triage.mail.failures import RefusedInput

# C0 and C1 control characters; Python's str.split() also breaks on \u2028, \u2029 and \x85,
# which the email package would otherwise count as line breaks inside a header.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# One message id: printable ASCII without spaces or angle brackets inside <...>, and short
# enough that a References header of many ids still folds into lines under 998 characters.
_MESSAGE_ID = re.compile(r"<[!-;=?-~]{1,250}>")


def one_line(text: str) -> str:
    """`text` as a single header line: control characters and line breaks become single spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def clean_ids(text: str) -> list[str]:
    """The well-formed <...> ids in a stored Message-ID or References value, in order.

    Control characters separate (a CR/LF between two ids is folding whitespace); a token that is
    not <...> shaped afterwards ("Bcc:", an address, a bare id) is dropped rather than repaired.
    """
    return [token for token in one_line(text).split() if _MESSAGE_ID.fullmatch(token)]


def thread_headers(message_id: str, references: str, max_references: int) -> dict[str, str]:
    """In-Reply-To and References for a reply to the message stored with these values.

    References keeps the thread's first id and the latest ones, as RFC 5322 suggests for long
    threads; a header with no usable id is left out rather than sent empty.
    """
    headers: dict[str, str] = {}
    parent = clean_ids(message_id)[:1]
    ids = list(dict.fromkeys([*clean_ids(references), *parent]))
    if len(ids) > max_references:
        ids = ids[:1] + ids[-(max_references - 1) :]
    if parent:
        headers["In-Reply-To"] = parent[0]
    if ids:
        headers["References"] = " ".join(ids)
    return headers


# An address as we send to it: ASCII local part (dot-atom) and a domain of letters, digits and
# hyphens. Quoted local parts and non-ASCII addresses are refused rather than risked: they need
# SMTPUTF8 or quoting that a mail server may not take, and nobody the office forwards to uses them.
_ADDRESS = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_SEPARATORS = re.compile(r"[,;\n]")
_NAMED = re.compile(r"[^<>]*<([^<>]*)>")  # "Anna Lind <anna@example.se>": the address alone


def parse_addresses(text: str, field: str = "cc", max_count: int | None = None) -> list[str]:
    """The addresses in `text` (separated by commas, semicolons or lines; "Name <addr>" gives
    addr), each once, in order. A value that is not one plain address, a control character
    anywhere (a CR/LF would start a header of its own: "\\r\\nBcc: ..."), or more than
    `max_count` addresses is refused with code "<field>_invalid" or "too_many_recipients"."""
    if _CONTROL.search(text.replace("\r\n", "\n").replace("\n", "")):
        raise RefusedInput(
            f"the {field} field holds a control character, which no address may contain",
            f"{field}_invalid",
            {"field": field, "address": one_line(text)},
        )
    found: list[str] = []
    for token in _SEPARATORS.split(text.replace("\r\n", "\n")):
        token = token.strip()
        if not token:
            continue
        named = _NAMED.fullmatch(token)
        address = named.group(1).strip() if named else token
        if not _ADDRESS.fullmatch(address) or len(address) > 254:
            raise RefusedInput(
                f"{token!r} in the {field} field is not an address like name@example.se",
                f"{field}_invalid",
                {"field": field, "address": token},
            )
        if address.lower() not in {f.lower() for f in found}:
            found.append(address)
    if max_count is not None and len(found) > max_count:
        raise RefusedInput(
            f"at most {max_count} addresses in the {field} field, not {len(found)}",
            "too_many_recipients",
            {"field": field, "max": str(max_count), "count": str(len(found))},
        )
    return found
