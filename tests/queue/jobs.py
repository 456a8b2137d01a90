"""Periodic jobs the scheduler tests register; they note what ran."""

from __future__ import annotations

RAN: list = []
ZONES: list = []


def tidy():
    RAN.append("tidied")


def zones():
    return ZONES


def hello(user, day):
    RAN.append((user.email, day))


FAILS: list = []  # how many more times `flaky` raises


def flaky():
    if FAILS and FAILS[0] > 0:
        FAILS[0] -= 1
        raise RuntimeError("the mail server said no")
    RAN.append("flaky ran")
