"""Header values for an outgoing reply, made from what is stored about the case.

Stored ids and names came from mail anyone can send, and databases written before ingestion
cleaned them still hold CR/LF and other control characters: put into a header as they are, they
would add headers of their own (a Bcc) or make the mail library refuse the whole reply. Here
every such value is reduced to what the header may carry; what cannot be made safe is left out.
"""

from __future__ import annotations

import re

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
