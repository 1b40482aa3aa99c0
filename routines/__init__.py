"""Routine descriptions with checklists: file format, validation, search, review dates."""

from routines.library import DEFAULT_FOLDER, RoutineLibrary, load_routines, read_routines
from routines.model import Contact, Problem, Referral, Routine, Step
from routines.render import render_html, render_step_html
from routines.review import by_owner, due_for_review
from routines.search import RoutineIndex, search

__all__ = [
    "DEFAULT_FOLDER",
    "Contact",
    "Problem",
    "Referral",
    "Routine",
    "RoutineIndex",
    "RoutineLibrary",
    "Step",
    "by_owner",
    "due_for_review",
    "load_routines",
    "read_routines",
    "render_html",
    "render_step_html",
    "search",
]
