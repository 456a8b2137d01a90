"""URL map. Each view module owns its `urlpatterns`; names are used by templates and tests."""

from django.urls import path

from parting.web.views import accounts, calls, conversations, leads, network, today

urlpatterns = [
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("logout/", accounts.sign_out, name="logout"),
    path("setup/", accounts.setup, name="setup"),
    path("account/password/", accounts.PasswordChange.as_view(), name="password_change"),
    path("healthz", accounts.healthz, name="healthz"),
    *today.urlpatterns,
    *calls.urlpatterns,
    *leads.urlpatterns,
    *network.urlpatterns,
    *conversations.urlpatterns,
]
