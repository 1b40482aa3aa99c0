"""A corpus of hostile mail, written at test time: what one outsider can send the office to forge
a sender, stall a regex, or bury the parser. Each mail's file name says what it attacks."""

from tests.hostile.corpus import HostileMail, hostile_mails, write_corpus

__all__ = ["HostileMail", "hostile_mails", "write_corpus"]
