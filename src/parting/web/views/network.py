"""Companies, contacts and openings: lists, detail pages, forms and deletion."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import router
from django.db.models import Count, Model, Q, QuerySet
from django.db.models.deletion import Collector
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.functional import cached_property

from parting.core.choices import Stage
from parting.core.domain import followups, freshness, last_contact, network
from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import DomainError
from parting.core.models import Company, Contact, FollowUp, Opening
from parting.web.forms.network import (
    CompanyForm,
    ContactForm,
    ConversationForm,
    OpeningForm,
)
from parting.web.search import search_query
from parting.web.shortcuts import SeekerRequest, add_domain_error, owned_or_404

PER_PAGE = 50
DETAIL_ITEMS = 20  # conversations and leads given shown on a contact's page
FORM = "parting/network/form.html"
CONFIRM_DELETE = "parting/network/confirm_delete.html"


# -- shared helpers (conversations.py uses them too) ----------------------------------


class _CountedPaginator(Paginator):
    def __init__(self, rows: QuerySet, per_page: int, count: Callable[[], int]) -> None:
        super().__init__(rows, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


def paginate(request: SeekerRequest, rows: QuerySet) -> Page:
    """A page of the seeker's own `rows`. Their number (a COUNT over 100,000 conversations
    takes 10 ms) is remembered, by the query that counts them, until the seeker's data
    changes."""
    counting = rows.order_by()
    key = str(counting.query)
    paginator = _CountedPaginator(
        rows,
        PER_PAGE,
        lambda: freshness.remembered(request.user.pk, "list-count", key, counting.count),
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return page


def form_page(
    request: SeekerRequest,
    form: ModelForm | ConversationForm,
    context: dict[str, Any],
    done: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """Validate and save `form`, then `done(obj)`; otherwise show it again (400 on errors)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                obj = form.save()
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return done(obj)
        status = 400
    return render(request, FORM, {"form": form, **context}, status=status)


def saved(request: SeekerRequest, message: str) -> Callable[[Any], HttpResponse]:
    """Say `message` (with `{}` for the object) and go to the object's page."""

    def done(obj: Any) -> HttpResponse:
        messages.success(request, message.format(obj))
        return redirect(obj)

    return done


def also_removed(obj: Model) -> str:
    """What deleting `obj` removes with it, as a phrase: "3 conversations and 2 leads"."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    counts: Counter[type[Model]] = Counter()
    for model, instances in collector.data.items():
        counts[model] += len(instances)
    for rows in collector.fast_deletes:
        counts[rows.model] += rows.count()
    counts[type(obj)] -= 1
    parts = [
        counted(n, str(model._meta.verbose_name), str(model._meta.verbose_name_plural))
        for model, n in counts.items()
        if n > 0
    ]
    return " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)


def delete_page(
    request: SeekerRequest,
    obj: Model,
    what: str,
    list_name: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET asks for confirmation, naming what goes with it; POST deletes."""
    if request.method == "POST":
        name = str(obj)
        obj.delete()
        messages.success(request, f"Deleted {what} “{name}”.")
        return redirect(list_name)
    context = {"object": obj, "what": what, "also_removed": also_removed(obj), **(context or {})}
    return render(request, CONFIRM_DELETE, context)


def counted(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _preselect(request: SeekerRequest, name: str) -> dict[str, int]:
    value = parse_id(request.GET.get(name))
    return {name: value} if value else {}


# -- companies ------------------------------------------------------------------------


@login_required
def company_list(request: SeekerRequest) -> HttpResponse:
    q = search_query(request)
    companies = (
        Company.objects.for_user(request.user)
        .select_related("parent")
        .annotate(contact_count=Count("contacts"))
    )
    if q:
        companies = companies.filter(Q(name__icontains=q) | Q(industry__icontains=q))
    page = paginate(request, companies.order_by("name", "id"))
    context = {"nav": "companies", "page": page, "q": q}
    return render(request, "parting/network/company_list.html", context)


@login_required
def company_detail(request: SeekerRequest, pk: int) -> HttpResponse:
    company = owned_or_404(Company.objects.select_related("parent"), request.user, pk)
    context = {
        "nav": "companies",
        "company": company,
        **network.family(company),
        "contacts": Contact.objects.for_user(request.user).filter(company=company),
        "openings": Opening.objects.for_user(request.user).filter(company=company),
    }
    return render(request, "parting/network/company_detail.html", context)


@login_required
def company_create(request: SeekerRequest) -> HttpResponse:
    form = CompanyForm(
        request.user,
        request.POST if request.method == "POST" else None,
        initial=_preselect(request, "parent"),
    )
    context = {
        "nav": "companies",
        "heading": "Add a company",
        "cancel_url": reverse("company_list"),
    }
    return form_page(request, form, context, saved(request, "Added company “{}”."))


@login_required
def company_edit(request: SeekerRequest, pk: int) -> HttpResponse:
    company = owned_or_404(Company, request.user, pk)
    form = CompanyForm(
        request.user, request.POST if request.method == "POST" else None, instance=company
    )
    context = {
        "nav": "companies",
        "heading": f"Edit {company.name}",
        "cancel_url": company.get_absolute_url(),
    }
    return form_page(request, form, context, saved(request, "Saved company “{}”."))


@login_required
def company_delete(request: SeekerRequest, pk: int) -> HttpResponse:
    company = owned_or_404(Company, request.user, pk)
    stays = Contact.objects.for_user(request.user).filter(company=company).count()
    kept = [f"{counted(stays, 'contact', 'contacts')} stay, without a company."] if stays else []
    context = {"nav": "companies", "kept": kept}
    return delete_page(request, company, "company", "company_list", context)


# -- contacts -------------------------------------------------------------------------


@login_required
def contact_list(request: SeekerRequest) -> HttpResponse:
    q = search_query(request)
    page = paginate(request, network.search_contacts(request.user, q))
    for contact in page:
        contact.phone_display = network.format_phone(contact.phone)
    context = {"nav": "contacts", "page": page, "q": q}
    return render(request, "parting/network/contact_list.html", context)


@login_required
def contact_detail(request: SeekerRequest, pk: int) -> HttpResponse:
    contact = owned_or_404(Contact.objects.select_related("company"), request.user, pk)
    # A busy contact has hundreds of conversations and leads: the most recent, unless ?all=1.
    shown = None if request.GET.get("all") else DETAIL_ITEMS
    conversations = _recent(contact.conversations.select_related("opening"), "at", shown)
    given = _recent(contact.leads_given.select_related("contact", "company"), "created_at", shown)
    context = {
        "nav": "contacts",
        "contact": contact,
        "phone_display": network.format_phone(contact.phone),
        "conversations": conversations,
        "leads_given": given,
        "leads_as_referred": contact.leads_as_referred.select_related("referrer"),
        "points": contact.points.all(),
        "last_contact": last_contact.describe(request.user, contact),
        "followups": FollowUp.objects.for_user(request.user).filter(
            contact=contact, status__in=followups.OPEN_STATES
        ),
    }
    return render(request, "parting/network/contact_detail.html", context)


class Recent(list):
    """The first items of a list, and how many more there are."""

    more: int = 0


def _recent(rows: QuerySet, at: str, limit: int | None) -> Recent:
    """Newest first; at most `limit` of them (None: all), counting the others."""
    rows = rows.order_by(f"-{at}", "-id")
    found = Recent(rows if limit is None else rows[: limit + 1])
    if limit is not None and len(found) > limit:
        del found[limit:]
        found.more = rows.count() - limit
    return found


@login_required
def contact_create(request: SeekerRequest) -> HttpResponse:
    form = ContactForm(
        request.user,
        request.POST if request.method == "POST" else None,
        initial=_preselect(request, "company"),
    )
    context = {"nav": "contacts", "heading": "Add a contact", "cancel_url": reverse("contact_list")}
    return form_page(request, form, context, saved(request, "Added contact “{}”."))


@login_required
def contact_edit(request: SeekerRequest, pk: int) -> HttpResponse:
    contact = owned_or_404(Contact, request.user, pk)
    form = ContactForm(
        request.user, request.POST if request.method == "POST" else None, instance=contact
    )
    context = {
        "nav": "contacts",
        "heading": f"Edit {contact.name}",
        "cancel_url": contact.get_absolute_url(),
    }
    return form_page(request, form, context, saved(request, "Saved contact “{}”."))


@login_required
def contact_delete(request: SeekerRequest, pk: int) -> HttpResponse:
    contact = owned_or_404(Contact, request.user, pk)
    named = contact.leads_as_referred.count()
    kept = (
        [f"{counted(named, 'lead', 'leads')} naming them stay, without a person."] if named else []
    )
    context = {"nav": "contacts", "kept": kept}
    return delete_page(request, contact, "contact", "contact_list", context)


# -- openings -------------------------------------------------------------------------


@login_required
def opening_list(request: SeekerRequest) -> HttpResponse:
    q = search_query(request)
    stage = request.GET.get("stage", "")
    openings = Opening.objects.for_user(request.user).select_related("company")
    if q:
        openings = openings.filter(Q(title__icontains=q) | Q(company__name__icontains=q))
    if stage in Stage.values:
        openings = openings.filter(stage=stage)
    page = paginate(request, openings.order_by("-updated_at", "-id"))
    context = {"nav": "openings", "page": page, "q": q, "stage": stage, "stages": Stage.choices}
    return render(request, "parting/network/opening_list.html", context)


@login_required
def opening_detail(request: SeekerRequest, pk: int) -> HttpResponse:
    opening = owned_or_404(Opening.objects.select_related("company"), request.user, pk)
    context = {
        "nav": "openings",
        "opening": opening,
        "conversations": opening.conversations.select_related("contact"),
    }
    return render(request, "parting/network/opening_detail.html", context)


@login_required
def opening_create(request: SeekerRequest) -> HttpResponse:
    form = OpeningForm(
        request.user,
        request.POST if request.method == "POST" else None,
        initial=_preselect(request, "company"),
    )
    context = {
        "nav": "openings",
        "heading": "Add an opening",
        "cancel_url": reverse("opening_list"),
    }
    return form_page(request, form, context, saved(request, "Added opening “{}”."))


@login_required
def opening_edit(request: SeekerRequest, pk: int) -> HttpResponse:
    opening = owned_or_404(Opening.objects.select_related("company"), request.user, pk)
    form = OpeningForm(
        request.user, request.POST if request.method == "POST" else None, instance=opening
    )
    context = {
        "nav": "openings",
        "heading": f"Edit {opening.title}",
        "cancel_url": opening.get_absolute_url(),
    }
    return form_page(request, form, context, saved(request, "Saved opening “{}”."))


@login_required
def opening_delete(request: SeekerRequest, pk: int) -> HttpResponse:
    opening = owned_or_404(Opening.objects.select_related("company"), request.user, pk)
    about = opening.conversations.count()
    kept = [f"{counted(about, 'conversation', 'conversations')} about it stay."] if about else []
    context = {"nav": "openings", "kept": kept}
    return delete_page(request, opening, "opening", "opening_list", context)


urlpatterns: list[URLPattern] = [
    path("companies/", company_list, name="company_list"),
    path("companies/new/", company_create, name="company_create"),
    path("companies/<id:pk>/", company_detail, name="company_detail"),
    path("companies/<id:pk>/edit/", company_edit, name="company_edit"),
    path("companies/<id:pk>/delete/", company_delete, name="company_delete"),
    path("contacts/", contact_list, name="contact_list"),
    path("contacts/new/", contact_create, name="contact_create"),
    path("contacts/<id:pk>/", contact_detail, name="contact_detail"),
    path("contacts/<id:pk>/edit/", contact_edit, name="contact_edit"),
    path("contacts/<id:pk>/delete/", contact_delete, name="contact_delete"),
    path("openings/", opening_list, name="opening_list"),
    path("openings/new/", opening_create, name="opening_create"),
    path("openings/<id:pk>/", opening_detail, name="opening_detail"),
    path("openings/<id:pk>/edit/", opening_edit, name="opening_edit"),
    path("openings/<id:pk>/delete/", opening_delete, name="opening_delete"),
]
