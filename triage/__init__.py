"""mailtriage: case handling and shared-mailbox triage for an International Office."""

__version__ = "0.1.0"
