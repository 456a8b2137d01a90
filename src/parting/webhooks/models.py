"""A seeker's webhook endpoints and what was sent to them. Every row carries its owner (R9)."""

from __future__ import annotations

from django.db import models

from parting.core.models import Owned

# What an endpoint may hear (DESIGN.md words); `webhook.test` is sent on request only.
EVENTS = (
    "conversation.logged",
    "ask.recorded",
    "lead.created",
    "lead.updated",
    "followup.created",
    "followup.due",
    "followup.done",
)
TEST_EVENT = "webhook.test"


class Endpoint(Owned):
    url = models.CharField(max_length=2000)
    # The events heard, comma-separated in EVENTS order ("lead.created,followup.due").
    events = models.CharField(max_length=300)
    # whsec_…: shown once when the endpoint is added; kept to sign each delivery.
    secret = models.CharField(max_length=100)
    enabled = models.BooleanField(default=True)
    # Since when every attempt failed (None after any success); 3 days of it disables.
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    # Disabled by failing (the seeker is told on Today), not by the seeker's own hand.
    disabled_by_failure = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["owner", "enabled"])]

    def __str__(self) -> str:
        return self.url

    @property
    def event_list(self) -> list[str]:
        return [e for e in self.events.split(",") if e]

    def hears(self, event: str) -> bool:
        return event == TEST_EVENT or event in self.event_list


class Delivery(Owned):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    # webhook-id: the same on every attempt, so a receiver can skip a message it already has.
    message_id = models.CharField(max_length=40)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["owner", "endpoint", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint_id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DELIVERED, self.Status.FAILED)
