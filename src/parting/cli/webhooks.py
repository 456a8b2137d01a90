"""`parting webhook add/list/deliveries/test/enable/disable/remove`: the seeker's signed
webhook endpoints."""

from __future__ import annotations

from typing import Any

from parting.cli.context import Context
from parting.cli.output import moment, table
from parting.core.domain import webhooks
from parting.core.domain.errors import Conflict
from parting.webhooks.models import EVENTS, Delivery, Endpoint


def register(sub: Any, common: Any) -> None:
    hook = sub.add_parser("webhook", parents=[common])
    actions = hook.add_subparsers(dest="action", required=True)
    add = actions.add_parser(
        "add", help="add an endpoint (prints its signing secret, once)", parents=[common]
    )
    add.add_argument("url", metavar="URL")
    add.add_argument(
        "--events",
        required=True,
        metavar="E[,E…]",
        help=f"comma-separated, or all: {', '.join(EVENTS)}",
    )
    add.set_defaults(handler=webhook_add)
    actions.add_parser("list", help="your endpoints", parents=[common]).set_defaults(
        handler=webhook_list
    )
    for name, handler, text in (
        ("deliveries", webhook_deliveries, "an endpoint's recent deliveries"),
        ("test", webhook_test, "send a test event now and show the answer"),
        ("enable", webhook_enable, "deliver to an endpoint again"),
        ("disable", webhook_disable, "stop delivering to an endpoint"),
    ):
        action = actions.add_parser(name, help=text, parents=[common])
        action.add_argument("id", metavar="ID")
        action.set_defaults(handler=handler)
    remove = actions.add_parser(
        "remove", help="delete an endpoint and its deliveries", parents=[common]
    )
    remove.add_argument("id", metavar="ID")
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    remove.set_defaults(handler=webhook_remove)


def endpoint_dict(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "id": endpoint.pk,
        "url": endpoint.url,
        "events": endpoint.event_list,
        "enabled": endpoint.enabled,
        "disabled_by_failure": endpoint.disabled_by_failure,
        "failing_since": _iso(endpoint.failing_since),
        "created_at": endpoint.created_at.isoformat(),
    }


def delivery_dict(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "event": delivery.event,
        "message_id": delivery.message_id,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "response_code": delivery.response_code,
        "error": delivery.error,
        "created_at": delivery.created_at.isoformat(),
        "last_attempt_at": _iso(delivery.last_attempt_at),
        "next_attempt_at": _iso(delivery.next_attempt_at),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _state(endpoint: Endpoint) -> str:
    if endpoint.enabled:
        return "enabled"
    return "disabled after 3 days of failures" if endpoint.disabled_by_failure else "disabled"


def webhook_add(ctx: Context) -> None:
    endpoint = webhooks.add_endpoint(ctx.user, ctx.args.url, ctx.args.events)
    ctx.emit(
        {**endpoint_dict(endpoint), "secret": endpoint.secret},
        [
            f"Added endpoint #{endpoint.pk}: {endpoint.url}",
            f"  events: {', '.join(endpoint.event_list)}",
            f"  secret: {endpoint.secret}",
            "The secret is shown only now: your receiver checks signatures with it.",
        ],
    )


def webhook_list(ctx: Context) -> None:
    rows = list(webhooks.endpoints(ctx.user))
    lines = table([[f"#{e.pk}", _state(e), e.url, ",".join(e.event_list)] for e in rows], wrap=True)
    ctx.emit([endpoint_dict(e) for e in rows], lines or ["No webhook endpoints yet."])


def _delivery_line(ctx: Context, d: Delivery) -> list[str]:
    when = moment(d.last_attempt_at or d.created_at, ctx.zone)
    code = str(d.response_code) if d.response_code else "-"
    return [when, d.event, d.status, code, d.error]


def webhook_deliveries(ctx: Context) -> None:
    endpoint = webhooks.own_endpoint(ctx.user, ctx.args.id)
    rows = webhooks.deliveries(ctx.user, endpoint)
    lines = [f"#{endpoint.pk} {endpoint.url} ({_state(endpoint)})"]
    lines += table([_delivery_line(ctx, d) for d in rows]) or ["  no deliveries yet"]
    ctx.emit([delivery_dict(d) for d in rows], lines)


def webhook_test(ctx: Context) -> None:
    endpoint = webhooks.own_endpoint(ctx.user, ctx.args.id)
    delivery = webhooks.send_test(ctx.user, endpoint, wait=True)
    answer = f"answered {delivery.response_code}" if delivery.response_code else delivery.error
    ctx.emit(delivery_dict(delivery), [f"Test to {endpoint.url}: {delivery.status}, {answer}."])


def webhook_enable(ctx: Context) -> None:
    _set(ctx, True)


def webhook_disable(ctx: Context) -> None:
    _set(ctx, False)


def _set(ctx: Context, enabled: bool) -> None:
    endpoint = webhooks.set_enabled(ctx.user, webhooks.own_endpoint(ctx.user, ctx.args.id), enabled)
    ctx.emit(endpoint_dict(endpoint), [f"#{endpoint.pk} {endpoint.url}: {_state(endpoint)}."])


def webhook_remove(ctx: Context) -> None:
    endpoint = webhooks.own_endpoint(ctx.user, ctx.args.id)
    if not ctx.args.yes:
        answer = ctx.env.prompt(f"Delete endpoint #{endpoint.pk} ({endpoint.url})? [y/N] ")
        if (answer or "").strip().lower() not in ("y", "yes"):
            raise Conflict(f"nothing deleted: endpoint #{endpoint.pk} is still there")
    webhooks.remove_endpoint(ctx.user, endpoint)
    ctx.emit({"id": endpoint.pk, "deleted": True}, [f"Deleted endpoint #{endpoint.pk}."])
