"""The standard-reply library: file format, validation, sandboxed rendering, matching."""
