"""Insights: where the doors opened. The referral tree, the funnel, the yield, the people
who help, company families and the weekly review. Views parse, call the domain, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from parting.core.domain import families, funnel, people, review, stages, tree
from parting.core.domain.bounds import parse_id
from parting.core.domain.profiles import get_profile, today_for
from parting.core.models import Contact
from parting.web import charts
from parting.web.forms.insights import WeekForm
from parting.web.shortcuts import SeekerRequest, owned_or_404

ROOTS_STEP = 10
ROOTS_MAX = 1000


@login_required
@require_GET
def overview(request: SeekerRequest) -> HttpResponse:
    stats = funnel.stats(request.user)
    context = {
        "nav": "insights",
        "stats": stats,
        "funnel_chart": charts.funnel_svg(stats.all_time, "The funnel, all time"),
        "trend_chart": charts.trend_svg(stats.trend, charts.week_label),
    }
    return render(request, "parting/insights/overview.html", context)


def _roots(request: SeekerRequest) -> int:
    text = request.GET.get("roots", "")
    wanted = parse_id(text) or ROOTS_STEP
    return max(ROOTS_STEP, min(wanted, ROOTS_MAX))


def _tree_page(request: SeekerRequest, contact: Contact | None) -> HttpResponse:
    """Grow and draw the most recent roots only: a big account is too large to read at once."""
    limit = _roots(request)
    forest = tree.referral_forest(request.user, contact, limit=limit)
    who = contact.name if contact else "your whole search"
    context = {
        "nav": "insights",
        "contact": contact,
        "forest": forest,
        "svg": charts.tree_svg(forest, f"Referral tree of {who}") if forest.roots else "",
        "legend": charts.legend_svg(),
        "doors": [(n, tree.door_sentence(n)) for n in forest.doors()[:20]],
        "more_roots": limit + ROOTS_STEP if forest.total_roots > limit else None,
        "max_nodes": charts.MAX_NODES,
    }
    return render(request, "parting/insights/tree.html", context)


@login_required
@require_GET
def account_tree(request: SeekerRequest) -> HttpResponse:
    return _tree_page(request, None)


@login_required
def contact_tree(request: SeekerRequest, pk: int) -> HttpResponse:
    # The owner check comes first, so another user's contact is a 404 whatever the method.
    contact = owned_or_404(Contact, request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return _tree_page(request, contact)


@login_required
@require_GET
def funnel_page(request: SeekerRequest) -> HttpResponse:
    form = WeekForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    week = form.cleaned_data.get("week") if request.GET and valid else None
    total, trend = funnel.weekly(request.user, week=week if valid else None)
    stats = funnel.Stats(total, trend[-1], trend)  # the yield has its own page
    context = {
        "nav": "insights",
        "form": form,
        "stats": stats,
        "funnel_chart": charts.funnel_svg(stats.week, "The funnel, that week"),
        "trend_chart": charts.trend_svg(stats.trend, charts.week_label),
        "rows": [
            (label, stats.all_time.steps()[i][2], stats.week.steps()[i][2])
            for i, (_, label) in enumerate(funnel.STEPS)
        ],
        "steps": stages.STEPS,
    }
    return render(request, "parting/insights/funnel.html", context, status=200 if valid else 400)


@login_required
@require_GET
def yield_page(request: SeekerRequest) -> HttpResponse:
    questions, archetypes = funnel.ranked_yields(request.user)
    context = {
        "nav": "insights",
        "questions": questions,
        "archetypes": archetypes,
        "asked": any(y.asks for y in archetypes),
        "min_asks": funnel.MIN_ASKS,
    }
    return render(request, "parting/insights/yield.html", context)


@login_required
@require_GET
def people_page(request: SeekerRequest) -> HttpResponse:
    user = request.user
    context = {
        "nav": "insights",
        "by_given": people.top_referrers(user, "given"),
        "by_paid_off": people.top_referrers(user, "paid_off"),
        "classes": people.replier_classes(user, today_for(user)),
        # Titles and dates only: not the five rows a follow-up is read with elsewhere.
        "owed": list(
            people.thanks_owed(user)
            .select_related(None)
            .only("title", "due_on")[: people.LIMIT * 2]
        ),
    }
    return render(request, "parting/insights/people.html", context)


@login_required
@require_GET
def companies_page(request: SeekerRequest) -> HttpResponse:
    found, total = families.families(request.user)
    context = {"nav": "insights", "families": found, "total": total}
    return render(request, "parting/insights/companies.html", context)


@login_required
@require_GET
def week_page(request: SeekerRequest) -> HttpResponse:
    summary = review.week_review(request.user, today_for(request.user))
    context = {
        "nav": "insights",
        "review": summary,
        "funnel_chart": charts.funnel_svg(summary.funnel, "The funnel, last seven days"),
        "profile": get_profile(request.user),
    }
    return render(request, "parting/insights/week.html", context)


urlpatterns: list[URLPattern] = [
    path("insights/", overview, name="insights"),
    path("insights/tree/", account_tree, name="insights_tree"),
    path("insights/tree/<id:pk>/", contact_tree, name="insights_contact_tree"),
    path("insights/funnel/", funnel_page, name="insights_funnel"),
    path("insights/yield/", yield_page, name="insights_yield"),
    path("insights/people/", people_page, name="insights_people"),
    path("insights/companies/", companies_page, name="insights_companies"),
    path("insights/week/", week_page, name="insights_week"),
]
