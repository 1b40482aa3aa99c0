"""The `triage` command: thin shells that load settings, call the domain, and print.

Exit 0 on success, 1 on a domain error (one clear line, no traceback), 2 on a usage or
configuration error. Data goes to stdout; messages and progress go to stderr.
"""

from triage.cli import admin, analysis, classifier, faq, library, mail, records  # noqa: F401  (registers the commands)
from triage.cli.app import app


def main() -> None:
    app()
