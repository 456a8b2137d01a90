from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("parting.api.urls")),
    path("", include("parting.web.urls")),
]

handler500 = "parting.web.busy.server_error"
