"""The standard-reply library: file format, validation, sandboxed rendering, matching."""

from canned_replies.library import (
    DEFAULT_FOLDER,
    Problem,
    Reply,
    ReplyLibrary,
    load_library,
    parse_reply,
)
from canned_replies.matching import ReplyMatcher, Suggestion
from canned_replies.template import RenderError, check_template, render

__all__ = [
    "DEFAULT_FOLDER", "Problem", "RenderError", "Reply", "ReplyLibrary", "ReplyMatcher",
    "Suggestion", "check_template", "load_library", "parse_reply", "render",
]  # fmt: skip
