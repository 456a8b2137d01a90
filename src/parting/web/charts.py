"""Server-drawn SVG charts: the referral tree, the funnel bars and the ask-rate trend.

Every user-typed string goes through `escape`; shapes and dash patterns carry the meaning
as well as colour, so the pictures read in greyscale, in print and for colour-blind readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from parting.core.domain.funnel import Funnel
from parting.core.domain.tree import Forest, Node, door_sentence

COLUMN, ROW, PAD = 210, 34, 16
MAX_NODES = 400  # beyond this the picture is cut, with "+N more" markers; the text stays exact
NAME_CHARS = 22
HALO = 'stroke="#ffffff" stroke-width="4" paint-order="stroke"'

# tone: (label, fill, stroke, dash pattern); shapes are chosen in `_shape`.
TONES: dict[str, tuple[str, str, str, str]] = {
    "no": ("A “no” (rejection)", "#6b7280", "#374151", ""),
    "other": ("Other conversation", "#ffffff", "#374151", ""),
    "new": ("Lead, not yet contacted", "#ffffff", "#b45309", ""),
    "contacted": ("Lead contacted", "#fcd34d", "#b45309", ""),
    "talked": ("Lead talked", "#60a5fa", "#1e3a8a", ""),
    "won": ("Lead won", "#1d4ed8", "#1e3a8a", ""),
    "dead": ("Lead went nowhere", "#ffffff", "#6b7280", "3 2"),
    "interview": ("Interview", "#c084fc", "#581c87", ""),
    "offer": ("Offer", "#16a34a", "#14532d", ""),
}


def _shape(tone: str, x: float, y: float) -> str:
    """Square for a no, circle for a lead, diamond for an interview, star for an offer;
    a won lead gets a ring, a dead one a dashed outline."""
    _, fill, stroke, dash = TONES.get(tone, TONES["other"])
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="2"'
    if dash:
        paint += f' stroke-dasharray="{dash}"'
    if tone in ("no", "other"):
        return f'<rect x="{x - 7}" y="{y - 7}" width="14" height="14" {paint}/>'
    if tone == "interview":
        points = f"{x},{y - 9} {x + 9},{y} {x},{y + 9} {x - 9},{y}"
        return f'<polygon points="{points}" {paint}/>'
    if tone == "offer":
        star = [(0, -10), (3, -3), (10, -3), (4, 2), (6, 9), (0, 5), (-6, 9), (-4, 2), (-10, -3),
                (-3, -3)]  # fmt: skip
        points = " ".join(f"{x + dx},{y + dy}" for dx, dy in star)
        return f'<polygon points="{points}" {paint}/>'
    circle = f'<circle cx="{x}" cy="{y}" r="7" {paint}/>'
    if tone == "won":
        circle += f'<circle cx="{x}" cy="{y}" r="11" fill="none" stroke="{stroke}"/>'
    return circle


def node_url(node: Node) -> str:
    name = "conversation_detail" if node.kind == "conversation" else "lead_detail"
    return reverse(name, args=[node.pk])


def _label_width(name: str) -> float:
    """About how wide a node's label is drawn (13 px text), and a little space after it."""
    return len(_short(name)) * 7.5 + 6


def _short(text: str, size: int = NAME_CHARS) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _visible(forest: Forest, limit: int) -> tuple[list[Node], dict[str, int]]:
    """The first `limit` nodes depth first, and for each cut node how many it hides."""
    shown = forest.walk()[:limit]
    keys = {n.key for n in shown}
    hidden = {}
    for node in shown:
        cut = sum(1 for child in node.children if child.key not in keys)
        if cut:
            hidden[node.key] = cut
    return shown, hidden


def _layout(shown: list[Node], keys: set[str]) -> dict[str, tuple[float, float]]:
    """Columns by depth; leaves on consecutive rows; a parent centred on its children.
    A post-order pass over the pre-order list: no recursion."""
    rows: dict[str, float] = {}
    next_row = 0
    order = {n.key: i for i, n in enumerate(shown)}
    for node in shown:  # leaves first get their rows, in display order
        if not any(c.key in keys for c in node.children):
            rows[node.key] = next_row
            next_row += 1
    for node in sorted(shown, key=lambda n: -order[n.key]):
        kids = [rows[c.key] for c in node.children if c.key in keys]
        if kids:
            rows[node.key] = (kids[0] + kids[-1]) / 2
    top = min((n.depth for n in shown), default=0)
    return {
        n.key: (PAD + 10 + (n.depth - top) * COLUMN, PAD + 10 + rows[n.key] * ROW) for n in shown
    }


def tree_svg(
    forest: Forest,
    title: str,
    limit: int = MAX_NODES,
    link: Callable[[Node], str] | None = node_url,
) -> SafeString:
    """The referral tree as an SVG with links (none when `link` is None: a coach's view of
    rows that are not theirs), tooltips and a pan-and-zoom hook."""
    shown, hidden = _visible(forest, limit)
    keys = {n.key for n in shown}
    at = _layout(shown, keys)
    width = max((x for x, _ in at.values()), default=0) + COLUMN + PAD
    height = max((y for _, y in at.values()), default=0) + ROW + PAD
    edges, parts = [], []
    for node in shown:
        if node.parent is not None and node.parent.key in keys:
            (px, py), (x, y) = at[node.parent.key], at[node.key]
            mid = x - 30  # the elbow sits near the child, clear of the parent's label
            # The line leaves from the end of the parent's label, not from under it: through
            # the label it showed as dots between the words.
            start = min(px + 14 + _label_width(node.parent.name), mid)
            edges.append(f'<path class="edge" d="M{start:.0f},{py} H{mid} V{y} H{x - 10}"/>')
    for node in shown:
        x, y = at[node.key]
        tip = f"{node.name} — {node.detail}" if node.detail else node.name
        tip += f" ({TONES.get(node.tone, TONES['other'])[0]})"
        if node.is_door and node.parent is not None:
            tip += ". " + door_sentence(node)
        more = hidden.get(node.key)
        extra = f'<text x="{x + 12}" y="{y + 15}" class="more">+{more} more</text>' if more else ""
        tag = f'a href="{escape(link(node))}"' if link is not None else "g"
        parts.append(
            f'<{tag} class="node tone-{escape(node.tone)}">'
            f"<title>{escape(tip)}</title>{_shape(node.tone, x, y)}"
            f'<text x="{x + 14}" y="{y + 4}" {HALO}>{escape(_short(node.name))}</text>{extra}'
            f"</{tag.split()[0]}>"
        )
    desc = f"{forest.size} conversations and leads; {len(shown)} drawn."
    # A picture of links is a group of links, not an image: assistive technology reaches
    # each one (an image hides its content, and axe calls it nested-interactive).
    role = "group" if link is not None else "img"
    return mark_safe(  # safe: every user string above went through escape()
        # Drawn at its natural size inside a scrolling frame, so labels stay readable on a
        # phone; tree.js zooms by changing the viewBox.
        f'<svg class="tree-svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" '
        f'preserveAspectRatio="xMinYMin meet" role="{role}" aria-labelledby="tree-title tree-desc" '
        f'data-pan-zoom="1" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="tree-title">{escape(title)}</title><desc id="tree-desc">{escape(desc)}</desc>'
        f'<g class="tree-edges" fill="none" stroke="#9ca3af">{"".join(edges)}</g>'
        # A white halo under each label keeps it readable where an edge passes behind it.
        f'<g class="tree-nodes" fill="#111827" stroke-linejoin="round">{"".join(parts)}</g></svg>'
    )


def legend_svg() -> SafeString:
    """Each tone's shape and name, for the key under the tree."""
    items = []
    for i, (tone, (label, *_)) in enumerate(TONES.items()):
        x, y = 14 + (i % 2) * 200, 16 + (i // 2) * 28
        items.append(f'{_shape(tone, x, y)}<text x="{x + 16}" y="{y + 4}">{escape(label)}</text>')
    return mark_safe(  # safe: fixed labels
        '<svg class="legend-svg" viewBox="0 0 400 140" width="100%" role="img" '
        'aria-labelledby="legend-title" xmlns="http://www.w3.org/2000/svg">'
        '<title id="legend-title">Key: shapes and colours in the tree</title>'
        f"{''.join(items)}</svg>"
    )


def funnel_svg(counts: Funnel, title: str) -> SafeString:
    """Horizontal bars, one per funnel step, labelled with the step and its count."""
    steps = counts.steps()
    top = max((n for _, _, n in steps), default=0) or 1
    rows = []
    for i, (_, label, n) in enumerate(steps):
        y = 8 + i * 30
        width = 4 + 190 * n / top
        rows.append(
            f'<text x="0" y="{y + 15}">{escape(label)}</text>'
            f'<rect x="104" y="{y}" width="{width:.1f}" height="20" class="bar" fill="#1f5f8b"/>'
            f'<text x="{110 + width:.1f}" y="{y + 15}">{n}</text>'
        )
    numbers = ", ".join(f"{label} {n}" for _, label, n in steps)
    return mark_safe(  # safe: labels are fixed, numbers are ints
        f'<svg class="chart funnel-svg" viewBox="0 0 360 {8 + len(steps) * 30}" width="100%" '
        f'role="img" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f"<desc>{escape(numbers)}</desc>{''.join(rows)}</svg>"
    )


def week_label(week: Funnel) -> str:
    """A week in the trend chart: the day it starts."""
    return f"{week.since:%-d %b}" if week.since else "all"


def trend_svg(weeks: Sequence[Funnel], label: Callable[[Funnel], str]) -> SafeString:
    """The ask rate week by week as a line with labelled points; a week with no rejection
    has no rate and shows a gap marked "–"."""
    width, height, left, bottom = 420, 180, 40, 150
    step = (width - left - 20) / max(len(weeks) - 1, 1)
    grid = "".join(
        f'<line x1="{left}" x2="{width - 10}" y1="{bottom - v * 120}" y2="{bottom - v * 120}" '
        f'stroke="#d1d5db"/><text x="0" y="{bottom - v * 120 + 4}">{v:.0%}</text>'
        for v in (0, 0.5, 1)
    )
    points, marks = [], []
    for i, week in enumerate(weeks):
        x = left + i * step
        rate = week.ask_rate
        if (len(weeks) - 1 - i) % 2 == 0:  # every other week, ending with the last one
            marks.append(
                f'<text x="{x - 14:.0f}" y="{bottom + 20}" class="tick">{label(week)}</text>'
            )
        if rate is None:
            marks.append(f'<text x="{x - 3:.0f}" y="{bottom - 4}">–</text>')
            continue
        y = bottom - rate * 120
        points.append(f"{x:.1f},{y:.1f}")
        marks.append(
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#1f5f8b"/>'
            f'<text x="{x - 12:.1f}" y="{y - 8:.1f}" class="value">{rate:.0%}</text>'
        )
    line = (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#1f5f8b" stroke-width="2"/>'
        if len(points) > 1
        else ""
    )
    described = "; ".join(
        f"{label(w)}: {w.ask_rate:.0%}" if w.ask_rate is not None else f"{label(w)}: no rejections"
        for w in weeks
    )
    return mark_safe(  # safe: numbers and dates only
        f'<svg class="chart trend-svg" viewBox="0 0 {width} {height + 10}" width="100%" '
        f'role="img" xmlns="http://www.w3.org/2000/svg"><title>Ask rate, week by week</title>'
        f"<desc>{escape(described)}</desc>{grid}{line}{''.join(marks)}</svg>"
    )
