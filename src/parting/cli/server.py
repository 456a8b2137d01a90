"""`parting serve` and `parting migrate`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parting.cli import serving
from parting.cli.context import Context
from parting.cli.env import Environment
from parting.core.domain import accounts
from parting.core.domain.errors import Invalid
from parting.home import remember_served

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(sub: Any, common: Any) -> None:
    serve = sub.add_parser("serve")
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", default=DEFAULT_PORT, type=int)
    serve.add_argument(
        "--workers",
        default=1,
        type=int,
        metavar="N",
        help="processes serving requests, 8 threads each (gunicorn; waitress on Windows)",
    )
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="run no task worker beside the server (hosted: run `parting worker` apart)",
    )
    serve.set_defaults(handler=serve_app)

    migrate = sub.add_parser("migrate")
    migrate.set_defaults(handler=migrate_db)


def apply_migrations(env: Environment, quiet: bool = False) -> int:
    """Apply what is pending; say so only when something was applied."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return 0
    call_command("migrate", interactive=False, verbosity=0, stdout=env.stdout)
    if not quiet:
        env.write(f"Applied {len(plan)} migration{'s' if len(plan) != 1 else ''}.")
    return len(plan)


def migrate_db(ctx: Context) -> None:
    apply_migrations(ctx.env)


def site_url(host: str, port: int) -> str:
    """PARTING_BASE_URL for the default address, else the address asked for."""
    if (host, port) == (DEFAULT_HOST, DEFAULT_PORT):
        return settings.PARTING_BASE_URL
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}"


def banner(host: str, port: int) -> str:
    """What `serve` prints: the one-time setup link when there is no account yet."""
    url = site_url(host, port)
    if accounts.needs_setup():
        token = accounts.issue_setup_token()
        link = f"{url}/setup/?token={token}"
        return (
            f"No account yet. Open this one-time link to create yours:\n  {link}\n"
            "It works for an hour; restart `parting serve` for a new one."
        )
    return f"Parting is running at {url}  (Ctrl+C to stop)"


def serve_app(ctx: Context) -> None:
    """Migrate, print the banner, then serve (parting.cli.serving) with a task worker beside
    it (parting.queue.embedded; not with --no-worker) until Ctrl+C or SIGTERM."""
    from parting.queue import embedded

    host, port, workers = ctx.args.host, ctx.args.port, ctx.args.workers
    if not 0 < port < 65536:
        raise Invalid(f"not a port number: {port}")
    if not 0 < workers <= serving.MAX_WORKERS:
        raise Invalid(f"--workers must be between 1 and {serving.MAX_WORKERS}, not {workers}")
    serving.check_free(host, port)  # before anything is printed: no "running" on a taken port
    apply_migrations(ctx.env)
    ctx.env.write(banner(host, port))
    ctx.env.stdout.flush()
    remember_served(settings.PARTING_HOME, site_url(host, port))
    if workers > 1 and not serving.gunicorn_available():
        ctx.env.error(f"parting: one process with {workers * serving.THREADS} threads here")
    with embedded.worker(enabled=not ctx.args.no_worker):
        serving.serve(host, port, workers)
    ctx.env.write("Stopped.")
