"""Getting mail in: IMAP sync and IDLE, file import, parsing in worker processes, storing mail
batch by batch as cases, and quarantining what cannot be read."""
