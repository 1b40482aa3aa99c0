"""Routine descriptions with checklists: file format, validation, search, review dates."""
