"""Every command: the module under parting.cli that registers and runs it, and its help line.

`parting --help`, a missing or unknown command, are answered from this table alone: no
command module is imported and Django is not set up. A command's module is imported only
when that command runs (or shows its own --help), after Django is set up.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Command(NamedTuple):
    module: str
    help: str


COMMANDS: dict[str, Command] = {
    "serve": Command("server", "migrate, then serve the web app"),
    "migrate": Command("server", "apply database migrations"),
    "user": Command("accounts", "manage accounts"),
    "demo": Command("accounts", "load a demo account with realistic data"),
    "contact": Command("network", "add, edit or list contacts"),
    "company": Command("network", "add or edit a company"),
    "log": Command("calls", "log a conversation"),
    "conversation": Command("calls", "correct a logged conversation"),
    "ask": Command("calls", "record the parting question's answer"),
    "capture": Command("captures", "calls captured elsewhere, as JSON: send, list, resolve"),
    "lead": Command("leads", "add, list or change leads"),
    "due": Command("followups", "open follow-ups due by a date"),
    "followup": Command("followups", "add or edit a follow-up"),
    "done": Command("followups", "mark a follow-up done"),
    "snooze": Command("followups", "push a follow-up back"),
    "message": Command("messages", "the drafted message for a follow-up"),
    "profile": Command("profile", "show or set your profile"),
    "call": Command("live_call", "live-call mode: script, outcome, the ask"),
    "questions": Command("questions", "your parting questions"),
    "script": Command("script", "print your phone script"),
    "intro": Command("script", "the opener and email for a lead"),
    "drill": Command("drill", "practise your questions (spaced repetition)"),
    "calendar": Command("calendar", "follow-ups in your calendar app"),
    "digest": Command("digest", "today's follow-ups as an email"),
    "first-week": Command("first_week", "the first week's six steps: what is done, what is next"),
    "stats": Command("insights", "the funnel, ask rate and yield per question and archetype"),
    "tree": Command("insights", "the referral tree, as text"),
    "import": Command("data", "import contacts from a file"),
    "export": Command("data", "contacts, leads and conversations out"),
    "backup": Command("data", "the whole account as one JSON file"),
    "restore": Command("data", "rebuild an account from a backup"),
    "job": Command("data", "an import or restore on the task queue: progress, result"),
    "review": Command("data", "possible duplicates to merge or keep"),
    "merges": Command("data", "merges made, newest first (undo: unmerge)"),
    "merge": Command("data", "merge one contact into another"),
    "unmerge": Command("data", "undo a merge"),
    "worklog": Command("worklog", "the week's work-search activities, for a benefit claim"),
    "activity": Command("worklog", "sign-ins, shares, tokens, exports and restores lately"),
    "share": Command("sharing", "share your search with a coach"),
    "caseload": Command("sharing", "a coach's seekers, the most urgent first"),
    "mail": Command("mail", "read your mailbox: replies noticed, mail logged (IMAP)"),
    "token": Command("tokens", "personal access tokens for the API"),
    "webhook": Command("webhooks", "signed webhooks: endpoints, deliveries, tests"),
    "worker": Command("worker", "run tasks from the queue until Ctrl+C"),
    "tasks": Command("worker", "recent tasks on the queue, newest first"),
}

# Each module once, in the order of the table (the order `parting --help` lists them).
MODULES = tuple(dict.fromkeys(command.module for command in COMMANDS.values()))


class Commands:
    """The top-level subparsers as a module's `register(sub, common)` sees them: a command's
    help line comes from COMMANDS, so it is written once."""

    def __init__(self, action: Any) -> None:
        self.action = action

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if name not in COMMANDS:
            raise LookupError(f"`parting {name}` is missing from parting.cli.commands.COMMANDS")
        kwargs.setdefault("help", COMMANDS[name].help)
        return self.action.add_parser(name, **kwargs)

    def add_placeholder(self, name: str) -> None:
        """The command by name and help only; its own options are read once it is loaded."""
        self.action.add_parser(name, help=COMMANDS[name].help, add_help=False)
