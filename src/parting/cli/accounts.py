"""`parting user create`, `parting user delete` and `parting demo`."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from parting.cli import sharing
from parting.cli.context import Context
from parting.cli.server import apply_migrations
from parting.core.domain import accounts
from parting.core.domain.errors import Conflict, Invalid
from parting.data import serialize


def register(sub: Any, common: Any) -> None:
    user = sub.add_parser("user", parents=[common])
    actions = user.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="add an account", parents=[common])
    create.add_argument("email", metavar="EMAIL")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin's first line"
    )
    create.set_defaults(handler=user_create)
    delete = actions.add_parser(
        "delete", help="delete an account and everything in it", parents=[common]
    )
    delete.add_argument("email", metavar="EMAIL")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(handler=user_delete)
    sharing.register_invite(actions, common)

    demo = sub.add_parser("demo", parents=[common])
    demo.set_defaults(handler=load_demo)


def user_create(ctx: Context) -> None:
    password = _read_password(ctx)
    user = accounts.create_user(ctx.args.email, password)
    ctx.emit(serialize.user(user), [f"Created account #{user.pk}: {user.email}"])


def user_delete(ctx: Context) -> None:
    """Ask first (unless --yes): the account and every row it owns or that names it go."""
    user = accounts.resolve_user(ctx.args.email)
    if not ctx.args.yes:
        answer = ctx.env.prompt(
            f"Delete the account {user.email} and everything in it? This cannot be undone. [y/N] "
        )
        if (answer or "").strip().lower() not in ("y", "yes"):
            raise Conflict(f"nothing deleted: {user.email} is still there", code="not_confirmed")
    email, pk = user.email, user.pk
    deleted = accounts.delete_account(user, ctx.args.email)
    total = sum(deleted.values())
    ctx.emit(
        {"id": pk, "email": email, "deleted": deleted},
        [f"Deleted the account {email} and its {total} records."],
    )


def _read_password(ctx: Context) -> str:
    env = ctx.env
    if ctx.args.password_stdin:
        password = env.stdin.readline().rstrip("\r\n")
        if not password:
            raise Invalid("no password on stdin")
        return password
    if not env.interactive:
        raise Invalid("use --password-stdin when not at a terminal")
    first = env.secret("Password: ")
    if not first:
        raise Invalid("no password given")
    if env.secret("Password again: ") != first:
        raise Invalid("the two passwords differ")
    return first


def load_demo(ctx: Context) -> None:
    """Migrate if needed, load the demo data, and say how to sign in."""
    from parting.demo.story import load_demo as load

    apply_migrations(ctx.env, quiet=ctx.json)
    with transaction.atomic():
        email, password = load(ctx.env.stderr if ctx.json else ctx.env.stdout)
    url = f"{ctx.site}/login/"
    ctx.emit(
        {"url": url, "email": email, "password": password},
        [
            "Demo data loaded. Run `parting serve`, then sign in:",
            f"  {url}",
            f"  email     {email}",
            f"  password  {password}",
        ],
    )
