"""Huge and deeply nested mail: structure that exhausts recursion, memory or patience."""

from __future__ import annotations

import base64
import random
from collections.abc import Iterator

from tests.hostile.build import HostileMail, raw_mail

_TEXT = "Hej! This mail is part of the hostile corpus.\r\n"


def _multipart(name: str, parts: list[bytes], boundary: str = "b") -> HostileMail:
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + p + b"\r\n" for p in parts)
    body += b"--" + boundary.encode() + b"--\r\n"
    return HostileMail(
        name, raw_mail(name, body, content_type=f'multipart/mixed; boundary="{boundary}"')
    )


def _nested_multipart(depth: int) -> bytes:
    inner = b"Content-Type: text/plain\r\n\r\n" + _TEXT.encode()
    for level in reversed(range(depth)):
        b = f"b{level}".encode()
        inner = (
            b'Content-Type: multipart/mixed; boundary="' + b + b'"\r\n\r\n'
            b"--" + b + b"\r\n" + inner + b"\r\n--" + b + b"--\r\n"
        )
    return inner


def _nested_rfc822(depth: int) -> bytes:
    inner = raw_mail(f"inner-{depth}", _TEXT)
    for level in reversed(range(depth)):
        inner = raw_mail(f"inner-{level}", inner, content_type="message/rfc822")
    return inner


def structure_mails() -> Iterator[HostileMail]:
    name = "multipart-nested-1000-deep"
    head, _, body = _nested_multipart(1000).partition(b"\r\n\r\n")
    content_type = head.split(b": ", 1)[1].decode()
    yield HostileMail(name, raw_mail(name, body, content_type=content_type))
    name = "message-rfc822-nested-200-deep"
    yield HostileMail(name, raw_mail(name, _nested_rfc822(200), content_type="message/rfc822"))
    tiny = b'Content-Type: text/plain; name="t.txt"\r\nContent-Disposition: attachment\r\n\r\nx'
    yield _multipart("10000-tiny-attachments", [tiny] * 10_000)
    data = base64.encodebytes(random.Random(15).randbytes(15_000_000))
    big = b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    yield _multipart("20mb-base64-attachment", [big + data])
    for charset in ("x-no-such-charset", 'utf-8\\"; name=evil', "utf-7", "%00%0d%0a"):
        part = (
            f'Content-Type: text/plain; charset="{charset}"\r\n\r\n'.encode() + b"Hej \xe5\xe4\xf6"
        )
        slug = "-".join("".join(c if c.isalnum() else " " for c in charset).split())
        yield _multipart(f"part-with-bogus-charset-{slug}", [part])
    garbage = random.Random(1).randbytes(1_000_000)
    yield HostileMail(
        "body-of-pure-binary-garbage",
        raw_mail("body-of-pure-binary-garbage", garbage, content_type="text/plain"),
    )
    yield HostileMail("only-headers", raw_mail("only-headers").split(b"\r\n\r\n")[0] + b"\r\n")
    text_lines = ("x" * 76 + "\r\n") * 13_000
    no_blank = (
        raw_mail("1mb-with-no-blank-line").split(b"\r\n\r\n")[0] + b"\r\n" + text_lines.encode()
    )
    yield HostileMail("1mb-with-no-blank-line", no_blank)
    header_lines = "".join(f"X-Filler-{i}: {'y' * 60}\r\n" for i in range(14_000))
    only = raw_mail("1mb-of-header-lines-and-no-body").split(b"\r\n\r\n")[0]
    yield HostileMail("1mb-of-header-lines-and-no-body", only + b"\r\n" + header_lines.encode())
    name = "multipart-whose-boundary-never-comes"
    body = b"--b\r\n" + tiny + b"\r\n--b--\r\n"
    yield HostileMail(
        name, raw_mail(name, body, content_type='multipart/mixed; boundary="nowhere"')
    )
    unclosed = [b'Content-Type: multipart/mixed; boundary="c"\r\n\r\n--c\r\n' + tiny] * 1000
    yield _multipart("1000-multiparts-never-closed", unclosed)
