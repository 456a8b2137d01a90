"""`/api/v1/`: the API, its interactive docs, and a problem answer for any other address."""

from django.urls import path, re_path

from parting.api import docs
from parting.api.main import api, not_found

urlpatterns = [
    path("api/v1/docs/", docs.docs_page, name="api_docs"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found, name="api_not_found"),
]
