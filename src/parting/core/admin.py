"""Django admin for operators of a hosted Parting; seekers use the app itself."""

from typing import Any

from django.contrib import admin

from parting.core import models


@admin.register(models.Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "industry", "owner")
    list_filter = ("owner",)
    search_fields = ("name",)
    raw_id_fields = ("owner", "parent")


@admin.register(models.Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "role", "owner")
    list_filter = ("role", "source")
    search_fields = ("name", "email")
    raw_id_fields = ("owner", "company")


@admin.register(models.Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("id", "referrer", "contact", "status", "permission", "owner")
    list_filter = ("status", "permission")
    raw_id_fields = (
        "owner",
        "referrer",
        "contact",
        "company",
        "ask",
        "conversation",
        "callback_of",
    )


@admin.register(models.FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "due_on", "status", "owner")
    list_filter = ("kind", "status")
    raw_id_fields = ("owner", "contact", "lead", "conversation")


for model in (models.Opening, models.Conversation, models.Question, models.Ask, models.Profile):
    admin.site.register(model)


@admin.register(models.Job)
class JobAdmin(admin.ModelAdmin):
    """Imports and restores on the queue; a failed one says why."""

    list_display = ("filename", "kind", "status", "step", "rows_done", "rows_total", "owner")
    list_filter = ("status", "kind")
    raw_id_fields = ("owner", "run")
    readonly_fields = ("task_id", "error", "result")


@admin.register(models.SiteSwitches)
class SiteSwitchesAdmin(admin.ModelAdmin):
    """Turn mailbox connections off for the whole site (a hosted install)."""

    list_display = ("__str__", "mailbox_connections")

    def has_add_permission(self, request: Any) -> bool:
        return not models.SiteSwitches.objects.exists()


@admin.register(models.Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    """Which accounts read a mailbox, and how it went; never the password."""

    list_display = ("owner", "host", "status", "checked_at", "fetched_at")
    exclude = ("secret",)
    readonly_fields = ("owner", "host", "port", "tls", "login", "folders", "status_line")
