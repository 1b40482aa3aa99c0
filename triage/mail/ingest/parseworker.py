"""A parse worker's entry point: `python -m triage.mail.ingest.parseworker FD MEMORY_MB`, started by
the parse pool with its end of a socket pair as FD. Kept apart from parsepool.py so that what the
worker sends back pickles under the pool's module name, not as `__main__`."""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from triage.mail.ingest.parsepool import serve

if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), int(sys.argv[2]))
