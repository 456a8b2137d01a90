"""Contacts, companies and openings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from pydantic import Field

from parting.api import schemas
from parting.api.paging import check_if_match, listed, page_schema
from parting.api.problems import ERRORS, WRITE_ERRORS, ApiProblem
from parting.api.routes.common import LONG, SHORT, In, ListQuery, answer, caller, given, owned
from parting.core.choices import Role, Source, Stage
from parting.core.domain import network, network_update
from parting.core.domain.bounds import search_text
from parting.core.models import Company, Contact, Opening

router = Router(tags=["network"])

ContactPage = page_schema("Contact", schemas.ContactOut)
CompanyPage = page_schema("Company", schemas.CompanyOut)
OpeningPage = page_schema("Opening", schemas.OpeningOut)


def _company(request: HttpRequest, pk: int | None, field: str = "company_id") -> Company | None:
    if pk is None:
        return None
    try:
        found: Company = owned(Company.objects, request, pk, "company")
    except ApiProblem as exc:
        exc.field = field
        raise
    return found


def _one_company(request: HttpRequest, data: dict[str, Any]) -> Company | str | None:
    """`company_id` (one of yours) or `company` (a name, added if new); not both."""
    if data.get("company_id") is not None and data.get("company"):
        raise ApiProblem(422, "both_given", "give company_id or company, not both", "company")
    if data.get("company_id") is not None:
        return _company(request, data["company_id"])
    if "company" in data or "company_id" in data:
        return data.get("company") or ""
    return None


# -- contacts -----------------------------------------------------------------------------


class ContactQuery(ListQuery):
    search: str | None = Field(None, max_length=200)
    company_id: int | None = None
    role: Role | None = None


class ContactIn(In):
    name: str = Field(..., min_length=1, max_length=SHORT)
    company_id: int | None = None
    company: str | None = Field(None, max_length=SHORT)
    title: str = Field("", max_length=SHORT)
    role: Role = Role.OTHER
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    linkedin_url: str = Field("", max_length=SHORT)
    notes: str = Field("", max_length=LONG)
    source: Source = Source.MANUAL


class ContactPatch(In):
    name: str | None = Field(None, min_length=1, max_length=SHORT)
    company_id: int | None = None
    company: str | None = Field(None, max_length=SHORT)
    title: str | None = Field(None, max_length=SHORT)
    role: Role | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    linkedin_url: str | None = Field(None, max_length=SHORT)
    notes: str | None = Field(None, max_length=LONG)


@router.get("/contacts", response={200: ContactPage, **ERRORS}, summary="List contacts")
def list_contacts(request: HttpRequest, q: Query[ContactQuery]) -> HttpResponse:
    user = caller(request)
    rows = (
        network.search_contacts(user, search_text(q.search))
        if q.search
        else Contact.objects.for_user(user)
    )
    rows = schemas.contacts_shown(rows)
    filters = {"company_id": "company_id", "role": "role"}
    return listed("contact", rows, schemas.contact_out, q, filters)


@router.post(
    "/contacts", response={201: schemas.ContactOut, **WRITE_ERRORS}, summary="Add a contact"
)
def add_contact(request: HttpRequest, data: ContactIn, response: HttpResponse) -> Status:
    fields = data.model_dump()
    company = _one_company(request, fields)
    contact = network.create_contact(
        caller(request),
        data.name,
        company=company or None,
        title=data.title,
        role=data.role.value,
        email=data.email,
        phone=data.phone,
        linkedin=data.linkedin_url,
        notes=data.notes,
        source=data.source.value,
    )
    return Status(201, answer(response, schemas.contact_out(contact)))


def _contact(request: HttpRequest, pk: int) -> Contact:
    found: Contact = owned(Contact.objects.select_related("company"), request, pk, "contact")
    return found


@router.get("/contacts/{id}", response={200: schemas.ContactOut, **ERRORS}, summary="One contact")
def get_contact(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    return answer(response, schemas.contact_out(_contact(request, id)))


@router.patch(
    "/contacts/{id}", response={200: schemas.ContactOut, **WRITE_ERRORS}, summary="Change a contact"
)
def patch_contact(
    request: HttpRequest, id: int, data: ContactPatch, response: HttpResponse
) -> dict[str, Any]:
    contact = _contact(request, id)
    check_if_match(request, schemas.contact_out(contact))
    fields = given(data)
    company = _one_company(request, fields)
    if "linkedin_url" in fields:
        fields["linkedin"] = fields.pop("linkedin_url")
    fields.pop("company_id", None)
    fields["company"] = company
    for key in ("role",):
        if fields.get(key) is not None:
            fields[key] = fields[key].value
    contact = network_update.update_contact(caller(request), contact, **fields)
    return answer(response, schemas.contact_out(_contact(request, id)))


# -- companies ----------------------------------------------------------------------------


class CompanyQuery(ListQuery):
    search: str | None = Field(None, max_length=200)
    parent_id: int | None = None


class CompanyIn(In):
    name: str = Field(..., min_length=1, max_length=SHORT)
    parent_id: int | None = None
    industry: str = Field("", max_length=SHORT)
    website: str = Field("", max_length=SHORT)
    notes: str = Field("", max_length=LONG)


class CompanyPatch(In):
    name: str | None = Field(None, min_length=1, max_length=SHORT)
    parent_id: int | None = None
    industry: str | None = Field(None, max_length=SHORT)
    website: str | None = Field(None, max_length=SHORT)
    notes: str | None = Field(None, max_length=LONG)


def _company_row(request: HttpRequest, pk: int) -> Company:
    found: Company = owned(Company.objects.select_related("parent"), request, pk, "company")
    return found


@router.get("/companies", response={200: CompanyPage, **ERRORS}, summary="List companies")
def list_companies(request: HttpRequest, q: Query[CompanyQuery]) -> HttpResponse:
    rows = Company.objects.for_user(caller(request)).select_related("parent")
    if q.search:
        rows = rows.filter(name__icontains=search_text(q.search))
    return listed("company", rows, schemas.company_out, q, {"parent_id": "parent_id"})


@router.post(
    "/companies", response={201: schemas.CompanyOut, **WRITE_ERRORS}, summary="Add a company"
)
def add_company(request: HttpRequest, data: CompanyIn, response: HttpResponse) -> Status:
    parent = _company(request, data.parent_id, "parent_id")
    company = network.create_company(
        caller(request), data.name, parent, data.industry, website=data.website, notes=data.notes
    )
    return Status(201, answer(response, schemas.company_out(company)))


@router.get("/companies/{id}", response={200: schemas.CompanyOut, **ERRORS}, summary="One company")
def get_company(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    return answer(response, schemas.company_out(_company_row(request, id)))


@router.patch(
    "/companies/{id}",
    response={200: schemas.CompanyOut, **WRITE_ERRORS},
    summary="Change a company",
)
def patch_company(
    request: HttpRequest, id: int, data: CompanyPatch, response: HttpResponse
) -> dict[str, Any]:
    company = _company_row(request, id)
    check_if_match(request, schemas.company_out(company))
    fields = given(data)
    if "parent_id" in fields:
        pk = fields.pop("parent_id")
        fields["parent"] = _company(request, pk, "parent_id") if pk is not None else ""
    network_update.update_company(caller(request), company, **fields)
    return answer(response, schemas.company_out(_company_row(request, id)))


# -- openings -----------------------------------------------------------------------------


class OpeningQuery(ListQuery):
    stage: Stage | None = None
    company_id: int | None = None


class OpeningIn(In):
    company_id: int
    title: str = Field(..., min_length=1, max_length=SHORT)
    link: str = Field("", max_length=SHORT)
    stage: Stage = Stage.INTERESTED
    notes: str = Field("", max_length=LONG)


class OpeningPatch(In):
    company_id: int | None = None
    title: str | None = Field(None, min_length=1, max_length=SHORT)
    link: str | None = Field(None, max_length=SHORT)
    stage: Stage | None = None
    notes: str | None = Field(None, max_length=LONG)


def _opening(request: HttpRequest, pk: int) -> Opening:
    found: Opening = owned(Opening.objects.select_related("company"), request, pk, "opening")
    return found


@router.get("/openings", response={200: OpeningPage, **ERRORS}, summary="List openings")
def list_openings(request: HttpRequest, q: Query[OpeningQuery]) -> HttpResponse:
    rows = Opening.objects.for_user(caller(request)).select_related("company")
    filters = {"stage": "stage", "company_id": "company_id"}
    return listed("opening", rows, schemas.opening_out, q, filters)


@router.post(
    "/openings", response={201: schemas.OpeningOut, **WRITE_ERRORS}, summary="Add an opening"
)
def add_opening(request: HttpRequest, data: OpeningIn, response: HttpResponse) -> Status:
    company = _company(request, data.company_id)
    assert company is not None
    opening = network.create_opening(
        caller(request),
        company,
        data.title,
        link=data.link,
        stage=data.stage.value,
        notes=data.notes,
    )
    return Status(201, answer(response, schemas.opening_out(opening)))


@router.get("/openings/{id}", response={200: schemas.OpeningOut, **ERRORS}, summary="One opening")
def get_opening(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    return answer(response, schemas.opening_out(_opening(request, id)))


@router.patch(
    "/openings/{id}",
    response={200: schemas.OpeningOut, **WRITE_ERRORS},
    summary="Change an opening",
)
def patch_opening(
    request: HttpRequest, id: int, data: OpeningPatch, response: HttpResponse
) -> dict[str, Any]:
    opening = _opening(request, id)
    check_if_match(request, schemas.opening_out(opening))
    fields = given(data)
    if "company_id" in fields:
        pk = fields.pop("company_id")
        if pk is not None:
            fields["company"] = _company(request, pk)
    if fields.get("stage") is not None:
        fields["stage"] = fields["stage"].value
    network_update.update_opening(caller(request), opening, **fields)
    return answer(response, schemas.opening_out(_opening(request, id)))
