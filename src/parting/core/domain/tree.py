"""The referral tree: from each "no", through the leads it gave and the leads those gave,
down to interviews and offers.

Built without recursion from two queries (the user's leads, and the conversations that
matter to the tree), so very deep chains and cycles in the data (A referred B, B later
referred A) are safe: every conversation and every lead appears in the tree at most once.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from parting.core.choices import Kind, Outcome
from parting.core.domain import clock, freshness, stages
from parting.core.domain.types import User
from parting.core.models import Contact, Conversation, Lead

DOORS = ("interview", "offer")  # tones that mean a door opened
HOP_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@dataclass(eq=False, slots=True)
class Node:
    """One conversation or one lead in the tree. `tone` says how it went (see `tone_of`)."""

    kind: str  # "conversation" or "lead"
    pk: int
    name: str  # the contact's (or the lead's) name
    detail: str  # company, kind of conversation or lead status
    tone: str
    at: dt.datetime | None
    contact_id: int | None
    source: int | None = None  # a lead's conversation
    rank: int = 0  # place in time among the conversations that gave leads
    parent: Node | None = field(default=None, repr=False)
    children: list[Node] = field(default_factory=list, repr=False)
    depth: int = 0

    @property
    def key(self) -> str:
        return f"{self.kind[0]}{self.pk}"

    @property
    def is_door(self) -> bool:
        return self.tone in DOORS

    def path(self) -> list[Node]:
        """The nodes from the root down to this one (a loop, not recursion)."""
        nodes: list[Node] = []
        node: Node | None = self
        while node is not None:
            nodes.append(node)
            node = node.parent
        return nodes[::-1]

    def path_names(self) -> list[str]:
        """The people along the path, each once: a lead and their own conversation share one."""
        names: list[str] = []
        for node in self.path():
            if not names or names[-1] != node.name:
                names.append(node.name)
        return names

    def hops(self) -> int:
        """How many referrals (leads) lie between the root "no" and this node."""
        return sum(1 for n in self.path() if n.kind == "lead")


@dataclass
class Forest:
    """Trees of referrals. `size` counts the nodes grown; `total_roots` the roots there are
    (more than `roots` holds when only the most recent were grown)."""

    roots: list[Node]
    size: int
    total_roots: int = 0

    def walk(self) -> list[Node]:
        """Every node, depth first in display order, without recursion."""
        out: list[Node] = []
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def doors(self) -> list[Node]:
        """Interviews and offers, most recent first."""
        found = [n for n in self.walk() if n.is_door]
        return sorted(found, key=lambda n: n.at or dt.datetime.min.replace(tzinfo=dt.UTC))[::-1]


def conversation_tone(outcome: str, kind: str, stage: str | None) -> str:
    """offer, interview, no (a rejection, even at an interview) or other."""
    if stages.is_offer(outcome, stage):
        return "offer"
    if stages.is_interview(outcome, kind, stage):
        return "interview"
    return "no" if outcome == Outcome.REJECTED else "other"


def door_filter() -> Q:
    """Conversations that mean a door opened: interviews won, advances and offers."""
    return stages.interview_q()


LeadRow = tuple[int, int | None, str, int, int]  # id, contact, status, conversation, rank


@dataclass
class _Skeleton:
    """Every lead with a conversation and those conversations, as plain tuples: nodes are
    made only for what is grown, which keeps a big account cheap."""

    leads: list[LeadRow]
    by_conversation: dict[int, list[LeadRow]]
    rank: dict[int, int]  # conversation -> place in time
    referrer: dict[int, int]  # conversation -> its contact
    by_contact: dict[int, list[int]]  # contact -> conversations that gave leads, in time order

    def conversation(self, pk: int) -> Node:
        node = Node("conversation", pk, "", "", "no", None, self.referrer[pk])
        node.rank = self.rank[pk]
        return node


def _skeleton(user: User) -> _Skeleton:
    """One query over the leads, joined to their conversation only."""
    rows = (
        Lead.objects.for_user(user)
        .filter(conversation__isnull=False)
        .values_list("id", "contact_id", "status", "conversation_id", "conversation__contact_id")
        .order_by("conversation__at", "conversation_id", "id")
    )  # fmt: skip
    sk = _Skeleton([], {}, {}, {}, {})
    # Times are compared by rank, not read: converting ten thousand datetimes is slow.
    for pk, contact_id, status, source, referrer_id in rows:
        if source not in sk.rank:
            sk.rank[source] = len(sk.rank)
            sk.referrer[source] = referrer_id
            sk.by_contact.setdefault(referrer_id, []).append(source)
            sk.by_conversation[source] = []
        row = (pk, contact_id, status, source, sk.rank[source])
        sk.leads.append(row)
        sk.by_conversation[source].append(row)
    return sk


def _grow(roots: list[Node], sk: _Skeleton, placed: set[int]) -> None:
    """Attach descendants breadth first; each node is placed once (cycle protection).
    `placed` holds conversation ids and negated lead ids."""
    placed.update(n.pk if n.kind == "conversation" else -n.pk for n in roots)
    queue = deque(roots)
    while queue:
        node = queue.popleft()
        children: list[Node] = []
        if node.kind == "conversation":
            for pk, contact_id, status, source, rank in sk.by_conversation.get(node.pk, []):
                if -pk not in placed:
                    placed.add(-pk)
                    lead = Node("lead", pk, "", "", status, None, contact_id, source)
                    lead.rank = rank
                    children.append(lead)
        else:  # the lead's own later conversations
            for pk in sk.by_contact.get(node.contact_id or 0, []):
                if sk.rank[pk] > node.rank and pk not in placed:
                    placed.add(pk)
                    children.append(sk.conversation(pk))
        for child in children:
            child.parent, child.depth = node, node.depth + 1
            node.children.append(child)
            queue.append(child)


def _account_roots(sk: _Skeleton) -> list[int]:
    """Conversations that gave leads and were not reached through an earlier lead, oldest
    first. Every lead hangs in the tree, so "reached" means: some lead named this contact
    in a conversation before this one."""
    first_named: dict[int, int] = {}
    for _, contact_id, _, _, rank in sk.leads:  # in time order: the first seen is the earliest
        if contact_id and contact_id not in first_named:
            first_named[contact_id] = rank
    ordered = sorted(sk.rank, key=sk.rank.__getitem__)
    return [c for c in ordered if first_named.get(sk.referrer[c], sk.rank[c]) >= sk.rank[c]]


def _details(
    user: User,
    nodes: list[Node],
    contact_ids: set[int],
    everything: bool,
) -> list[Node]:
    """Fill in names, companies and outcomes of `nodes`, and return the interviews and offers
    (not already in `nodes`) of the contacts in `contact_ids`. Three queries."""
    leads = Lead.objects.for_user(user)
    lead_nodes = {n.pk: n for n in nodes if n.kind == "lead"}
    conversation_nodes = {n.pk: n for n in nodes if n.kind == "conversation"}
    lead_rows = (leads if everything else leads.filter(pk__in=list(lead_nodes))).order_by()
    for pk, name, company in lead_rows.values_list("id", "contact__name", "company__name"):
        node = lead_nodes.get(pk)
        if node is not None:
            node.name = name or company or "(unnamed lead)"
            node.detail = company if name and company else ""
    columns = ("id", "contact_id", "contact__name", "company__name", "kind", "outcome", "at",
               "opening__stage")  # fmt: skip
    # No ORDER BY: the model's default (newest first) would steer the planner off the
    # contact index; the rows are sorted here.
    conversations = Conversation.objects.for_user(user).order_by()
    # Two queries, not one with OR: each can use its index (primary key, contact).
    giving = conversations.filter(
        pk__in=leads.values("conversation_id") if everything else list(conversation_nodes)
    )
    opened = conversations.filter(
        door_filter(),
        contact_id__in=leads.values("contact_id") if everything else list(contact_ids),
    )
    doors = []
    for query in (giving, opened):
        for pk, contact_id, name, company, kind, outcome, at, stage in query.values_list(*columns):
            node = conversation_nodes.get(pk)
            if node is None:
                if contact_id not in contact_ids:
                    continue
                node = Node("conversation", pk, "", "", "", at, contact_id)
                conversation_nodes[pk] = node
                doors.append(node)
            node.at = at
            node.name = name
            node.detail = Kind(kind).label + (f", {company}" if company else "")
            node.tone = conversation_tone(outcome, kind, stage)
    doors.sort(key=lambda n: (n.at, n.pk))
    return doors


def _hang_doors(doors: list[Node], placed_leads: list[Node]) -> list[Node]:
    """Hang each interview or offer under the first lead that named its contact before it;
    return those no lead reaches."""
    by_contact: dict[int, list[Node]] = {}
    for lead in placed_leads:
        by_contact.setdefault(lead.contact_id or 0, []).append(lead)
    loose = []
    for door in doors:
        parent = next(
            (
                lead
                for lead in by_contact.get(door.contact_id or 0, [])
                if lead.parent is None
                or lead.parent.at is None
                or lead.parent.at <= (door.at or lead.parent.at)
            ),
            None,
        )
        if parent is None:
            loose.append(door)
            continue
        door.parent, door.depth = parent, parent.depth + 1
        parent.children.append(door)
    return loose


def referral_forest(
    user: User,
    contact: Contact | None = None,
    limit: int | None = None,
) -> Forest:
    """The whole account's tree (roots: conversations that gave leads and were not reached
    through an earlier lead, most recent first), or one contact's (roots: that contact's
    conversations). With `limit`, only the most recent `limit` roots are grown: a bounded
    view of a big account, remembered until the seeker's data changes (domain.freshness).
    Five queries at most, whatever the size."""
    if limit is None:
        return _referral_forest(user, contact, None)
    key = (contact.pk if contact is not None else None, limit)
    flat = freshness.remembered(
        user.pk, "tree", key, lambda: _flatten(_referral_forest(user, contact, limit))
    )
    return _unflatten(flat)


# A node as cached: its fields, then its parent's place in the walk (-1 for a root).
FlatNode = tuple[str, int, str, str, str, dt.datetime | None, int | None, int | None, int, int, int]


def _flatten(forest: Forest) -> tuple[list[FlatNode], int, int]:
    """The forest as plain rows in walk order: no recursion to pickle, however deep."""
    place: dict[int, int] = {}
    rows: list[FlatNode] = []
    for i, n in enumerate(forest.walk()):
        place[id(n)] = i
        parent = place[id(n.parent)] if n.parent is not None else -1
        rows.append((n.kind, n.pk, n.name, n.detail, n.tone, n.at, n.contact_id, n.source,
                     n.rank, n.depth, parent))  # fmt: skip
    return rows, forest.size, forest.total_roots


def _unflatten(flat: tuple[list[FlatNode], int, int]) -> Forest:
    rows, size, total_roots = flat
    nodes: list[Node] = []
    roots: list[Node] = []
    for kind, pk, name, detail, tone, at, contact_id, source, rank, depth, parent in rows:
        node = Node(kind, pk, name, detail, tone, at, contact_id, source, rank, depth=depth)
        if parent < 0:
            roots.append(node)
        else:
            node.parent = nodes[parent]
            nodes[parent].children.append(node)
        nodes.append(node)
    return Forest(roots, size, total_roots)


def _referral_forest(user: User, contact: Contact | None, limit: int | None) -> Forest:
    sk = _skeleton(user)
    if contact is not None:
        root_ids = list(sk.by_contact.get(contact.pk, []))
    else:
        root_ids = _account_roots(sk)
    total = len(root_ids)
    if limit is not None:
        root_ids = root_ids[-limit:]
    roots = [sk.conversation(pk) for pk in root_ids]
    placed: set[int] = set()
    kept = []
    for root in roots:  # oldest first, so a later "no" reached through an earlier lead hangs there
        if root.pk not in placed:
            _grow([root], sk, placed)
            kept.append(root)
    roots = kept
    grown = Forest(roots, 0, total).walk()
    placed_leads = [n for n in grown if n.kind == "lead"]
    contact_ids = {n.contact_id for n in placed_leads if n.contact_id}
    if contact is not None:
        contact_ids.add(contact.pk)
    everything = contact is None and limit is None
    doors = _details(user, grown, contact_ids, everything)
    loose = _hang_doors(doors, placed_leads)
    if contact is not None:
        roots += [d for d in loose if d.contact_id == contact.pk]
        roots.sort(key=lambda n: (n.at, n.pk))
        total = len(roots)
    roots.reverse()  # most recent first
    forest = Forest(roots, 0, total)
    forest.size = len(forest.walk())
    return forest


def doors_between(user: User, since: dt.datetime, until: dt.datetime) -> list[Node]:
    """The interviews and offers of a period that leads led to, most recent first, with the
    path back to their "no" filled in: the weekly review's doors. The whole tree is grown
    from the skeleton, but names are read only along those paths. Six queries at most."""
    sk = _skeleton(user)
    roots = [sk.conversation(pk) for pk in _account_roots(sk)]
    placed: set[int] = set()
    for root in roots:
        if root.pk not in placed:
            _grow([root], sk, placed)
    grown = Forest(roots, 0).walk()
    in_tree = {n.pk: n for n in grown if n.kind == "conversation"}
    columns = ("id", "contact_id", "contact__name", "company__name", "kind", "outcome", "at",
               "opening__stage")  # fmt: skip
    opened = (
        Conversation.objects.for_user(user)
        .order_by()
        .filter(door_filter(), at__gte=since, at__lt=until)
        .filter(contact_id__in=Lead.objects.for_user(user).values("contact_id"))
        .values_list(*columns)
    )
    found: list[Node] = []
    loose: list[Node] = []
    for pk, contact_id, name, company, kind, outcome, at, stage in opened:
        node = in_tree.get(pk) or Node("conversation", pk, "", "", "", at, contact_id)
        node.at, node.name, node.tone = at, name, conversation_tone(outcome, kind, stage)
        node.detail = Kind(kind).label + (f", {company}" if company else "")
        (found if pk in in_tree else loose).append(node)
    contacts = {n.contact_id for n in loose}
    leads = [n for n in grown if n.kind == "lead" and n.contact_id in contacts]
    sources = {n.parent.pk: n.parent for n in leads if n.parent is not None}
    times = Conversation.objects.for_user(user).filter(pk__in=list(sources)).order_by()
    for pk, at in times.values_list("id", "at"):
        sources[pk].at = at
    loose.sort(key=lambda n: (n.at, n.pk))
    _hang_doors(loose, leads)
    doors = [n for n in found + loose if n.parent is not None]
    on_paths = list({id(p): p for n in doors for p in n.path()[:-1]}.values())
    _details(user, on_paths, set(), False)
    return sorted(doors, key=lambda n: (n.at, n.pk), reverse=True)


def door_sentence(node: Node) -> str:
    """ "This interview came from a no three hops back (Rita Recruiter, 3 Jan 2026)"."""
    root = node.path()[0]
    hops = node.hops()
    words = HOP_WORDS[hops] if hops < len(HOP_WORDS) else str(hops)
    what = "offer" if node.tone == "offer" else "interview"
    back = "hop" if hops == 1 else "hops"
    when = f", {clock.local(root.at):%-d %b %Y}" if root.at else ""
    if root is node:
        return f"This {what} was the first conversation with {node.name}."
    return f"This {what} came from a no {words} {back} back ({root.name}{when})."


def node_dict(node: Node) -> dict[str, Any]:
    """One node as scripts read it (CLI `--json`, the API)."""
    return {
        "key": node.key,
        "kind": node.kind,
        "id": node.pk,
        "name": node.name,
        "contact_id": node.contact_id,
        "detail": node.detail,
        "tone": node.tone,
        "at": node.at.isoformat() if node.at else None,
        "depth": node.depth,
        "parent": node.parent.key if node.parent else None,
        "came_from": door_sentence(node) if node.is_door and node.parent else None,
    }


def text_lines(forest: Forest, width: int = 80) -> list[str]:
    """The tree as indented text lines for the terminal; deep levels show their depth."""
    lines = []
    for node in forest.walk():
        indent = "  " * min(node.depth, 12)
        if node.depth > 12:
            indent += f"[{node.depth}] "
        mark = "└ " if node.depth else ""
        if node.kind == "conversation":
            when = f" {clock.local(node.at):%Y-%m-%d}" if node.at else ""
            line = f"{indent}{mark}{node.name}: {node.detail}{when} [{node.tone}]"
        else:
            line = f"{indent}{mark}lead #{node.pk} {node.name}" + (
                f" ({node.detail})" if node.detail else ""
            )
            line += f" [{node.tone}]"
        lines.append(line if len(line) <= width else line[: width - 1] + "…")
        if node.is_door and node.parent is not None:
            room = max(width - len(indent) - 4, 30)
            for i, part in enumerate(textwrap.wrap(door_sentence(node), room)):
                lines.append(f"{indent}  {'↳' if i == 0 else ' '} {part}")
    return lines
