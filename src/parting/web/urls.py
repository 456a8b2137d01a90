"""URL map. Each view module owns its `urlpatterns`; names are used by templates and tests."""

from django.urls import path

from parting.web.views import (
    account_page,
    accounts,
    boards,
    calls,
    coach,
    conversations,
    data,
    drill,
    first_week,
    followup_messages,
    insights,
    leads,
    network,
    profile_page,
    questions,
    script,
    sharing,
    today,
    worklog,
)
from parting.web.views import calendar as calendar_views

urlpatterns = [
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("logout/", accounts.sign_out, name="logout"),
    path("setup/", accounts.setup, name="setup"),
    path("account/password/", accounts.PasswordChange.as_view(), name="password_change"),
    path("healthz", accounts.healthz, name="healthz"),
    *today.urlpatterns,
    *first_week.urlpatterns,
    *calls.urlpatterns,
    *boards.urlpatterns,
    *leads.urlpatterns,
    *network.urlpatterns,
    *conversations.urlpatterns,
    *followup_messages.urlpatterns,
    *calendar_views.urlpatterns,
    *questions.urlpatterns,
    *profile_page.urlpatterns,
    *script.urlpatterns,
    *drill.urlpatterns,
    *insights.urlpatterns,
    *data.urlpatterns,
    *worklog.urlpatterns,
    *account_page.urlpatterns,
    *sharing.urlpatterns,
    *coach.urlpatterns,
]
