"""Parting: turn every job-search "no" into the next lead."""

__version__ = "0.1.0"
