"""The record of the office's work: exports, retention, statistics and the period analysis."""
