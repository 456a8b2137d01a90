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
