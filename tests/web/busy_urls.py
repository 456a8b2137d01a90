"""A URL map whose one view meets a locked database, for the busy tests."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def locked(request: HttpRequest) -> HttpResponse:
    raise OperationalError("database is locked")


def broken(request: HttpRequest) -> HttpResponse:
    raise OperationalError("no such column: nope")


urlpatterns = [
    path("locked/", locked),
    path("broken/", broken),
    path("", include("parting.urls")),
]
handler500 = "parting.web.busy.server_error"
