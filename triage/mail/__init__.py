"""Mail itself: parsing raw mail (addresses, charsets, MIME, HTML), threading, attachments,
sending over SMTP, and each mailbox's health. Never imports the case service."""
