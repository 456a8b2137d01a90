"""Bringing a network in: readers for each format, matching, the dry-run plan, applying it."""
