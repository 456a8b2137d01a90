"""Inbound mail: reading the seeker's mailbox over IMAP (issue 14).

Only headers and a bounded slice of the first text part of a message are read, and only
what matches a contact (or carries the forwarding tag) is kept; the domain
(`parting.core.domain.inbound`) decides what each message changes.
"""
