"""Parting's records. Every row carries its owner (R9); every index a page uses leads with it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from parting.core.choices import (
    ActivityKind,
    Archetype,
    Channel,
    FollowUpKind,
    FollowUpState,
    InvitationKind,
    Kind,
    LeadStatus,
    Outcome,
    Permission,
    Response,
    Role,
    Scope,
    Source,
    Stage,
)
from parting.core.fields import BoundedDateField, BoundedDateTimeField

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class OwnedQuerySet(models.QuerySet):
    def for_user(self, user: AbstractBaseUser | AnonymousUser | Any) -> OwnedQuerySet:
        """Rows owned by `user` (R9). An anonymous user owns nothing."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class Owned(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class StampedQuerySet(OwnedQuerySet):
    """Writes in bulk give their accounts a new data stamp (domain.freshness), as saves do
    (`bulk_update` runs through `update`)."""

    def _owners(self) -> set[int]:
        return set(self.order_by().values_list("owner_id", flat=True).distinct())

    def update(self, **kwargs: Any) -> int:
        owners = self._owners()
        done = super().update(**kwargs)
        if done:
            _changed([*owners, kwargs.get("owner_id"), getattr(kwargs.get("owner"), "pk", None)])
        return done

    def delete(self) -> tuple[int, dict[str, int]]:
        owners = self._owners()
        done = super().delete()
        if done[0]:
            _changed(owners)
        return done

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        made = super().bulk_create(objs, *args, **kwargs)
        _changed(getattr(obj, "owner_id", None) for obj in made)
        return made


class Stamped(Owned):
    """What the insights and Today read: a change to one of these rows, however it is made,
    changes its account's data stamp, so results cached under the old stamp are not served
    again."""

    objects = StampedQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _changed([self.owner_id])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        owner_id = self.owner_id
        done = super().delete(*args, **kwargs)
        _changed([owner_id])
        return done


def _changed(owner_ids: Any) -> None:
    from parting.core.domain import freshness  # the domain reads these models

    freshness.changed(owner_ids)


class DataStamp(models.Model):
    """A token replaced whenever the account's stamped rows change (domain.freshness)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    stamp = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"data stamp of account #{self.owner_id}"


def _days(top: int) -> list[Any]:
    """A number of days the settings accept: the form and a restore both check it."""
    message = f"Between 1 and {top}."
    return [MinValueValidator(1, message), MaxValueValidator(top, message)]


class Profile(models.Model):
    """The seeker: one per user. Fills slots in questions and messages."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parting_profile"
    )
    name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=32, blank=True, help_text="Stored E.164.")
    skills = models.CharField(max_length=300, blank=True)
    target_roles = models.CharField(max_length=300, blank=True)
    niche = models.CharField(max_length=200, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    phone_region = models.CharField(
        max_length=2, default="US", help_text="Default region for phone numbers (ISO code)."
    )
    check_back_days = models.PositiveSmallIntegerField(default=14, validators=_days(365))
    # R6 cadence after a lead is contacted, in business days.
    second_contact_days = models.PositiveSmallIntegerField(
        default=3,
        validators=_days(90),
        help_text="Business days without a reply before suggesting a second contact.",
    )
    nudge_days = models.PositiveSmallIntegerField(
        default=7,
        validators=_days(90),
        help_text="Business days without a reply before nudging the lead.",
    )
    digest_enabled = models.BooleanField(
        default=True, help_text="Send the daily digest of due follow-ups by email."
    )
    digest_sent_on = models.DateField(null=True, blank=True)
    # The secret in the private calendar-feed URL; empty until first shown.
    calendar_token = models.CharField(max_length=64, blank=True)
    # The work-search log: what a benefit claim asks for each week.
    worklog_activities = models.PositiveSmallIntegerField(
        default=3,
        validators=[MaxValueValidator(50, "At most 50.")],
        help_text="Work-search activities required each week.",
    )
    worklog_employer_contacts = models.PositiveSmallIntegerField(
        default=1,
        validators=[MaxValueValidator(50, "At most 50.")],
        help_text="Of those, how many must be contacts with an employer.",
    )
    # The weekly review's "one thing to change next week", and the seeker's day it was written.
    week_change = models.CharField(max_length=500, blank=True)
    week_change_on = BoundedDateField(null=True, blank=True)
    # The first week's checklist, put away by the seeker before it was done.
    first_week_dismissed_at = BoundedDateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name or str(self.owner)

    def clean(self) -> None:
        first, nudge = self.second_contact_days, self.nudge_days
        if first and nudge and first >= nudge:
            raise ValidationError(
                {"nudge_days": "Nudge the lead after the second-contact suggestion."}
            )
        if self.worklog_employer_contacts > self.worklog_activities:
            raise ValidationError(
                {"worklog_employer_contacts": "No more than the activities required."}
            )


class Company(Stamped):
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    industry = models.CharField(max_length=200, blank=True, help_text="The niche.")
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="company_unique_name_per_owner")
        ]
        indexes = [models.Index(fields=["owner", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("company_detail", args=[self.pk])


class Contact(Stamped):
    name = models.CharField(max_length=200)
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    title = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OTHER)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True, help_text="Stored E.164.")
    phone_ext = models.CharField(max_length=16, blank=True)
    linkedin_url = models.URLField(blank=True)
    # The profile's slug (linkedin.com/in/<slug>): the surest key for matching imports.
    linkedin_slug = models.CharField(max_length=200, blank=True)
    connected_on = BoundedDateField(null=True, blank=True, help_text="Connected on LinkedIn.")
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    holds_my_number = models.BooleanField(
        default=False, help_text="The seeker left their number with this person (R5)."
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["owner", "name"]),
            models.Index(fields=["owner", "company"]),
            models.Index(fields=["owner", "linkedin_slug"]),
            models.Index(fields=["owner", "-updated_at"]),  # the call page's recent contacts
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contact_detail", args=[self.pk])

    @property
    def label(self) -> str:
        """Name with company, as used to tell namesakes apart."""
        return (
            f"{self.name} ({self.company.name})" if self.company_id and self.company else self.name
        )


class Opening(Stamped):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="openings")
    title = models.CharField(max_length=200)
    link = models.URLField(blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INTERESTED)
    # The seeker's day the stage became `applied` (domain.stages): the work-search log's
    # application date. Empty for an opening never marked applied.
    applied_on = BoundedDateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["owner", "stage"]),
            models.Index(fields=["owner", "applied_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company.name}"

    def get_absolute_url(self) -> str:
        return reverse("opening_detail", args=[self.pk])


class Conversation(Stamped):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="conversations")
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    opening = models.ForeignKey(
        Opening, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PHONE_SCREEN)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.PHONE)
    at = BoundedDateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["owner", "-at"]),
            models.Index(fields=["owner", "outcome", "at"]),
            # Insights: the referral tree reads a contact's conversations; the funnel counts
            # conversations by outcome and kind from the index alone.
            models.Index(fields=["owner", "contact", "at"]),
            models.Index(fields=["owner", "outcome", "kind"]),
            models.Index(fields=["owner", "at", "outcome", "kind"]),
            # The funnel looks for a company-only lead's later conversations at its company.
            models.Index(fields=["owner", "company", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.contact.name}"

    def get_absolute_url(self) -> str:
        return reverse("conversation_detail", args=[self.pk])


class LiveQuestionManager(models.Manager.from_queryset(StampedQuerySet)):  # type: ignore[misc]
    """Questions not deleted: a deleted question (kept for undo) vanishes from every query."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Question(Stamped):
    text = models.TextField()
    archetype = models.CharField(max_length=20, choices=Archetype.choices)
    favourite = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="Set on delete; undo clears it."
    )

    objects: ClassVar[LiveQuestionManager] = LiveQuestionManager()
    all_objects = StampedQuerySet.as_manager()

    class Meta:
        # Backups and related lookups see deleted rows too (asks still point at them).
        default_manager_name = "all_objects"
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["owner", "position"])]

    def __str__(self) -> str:
        return self.text


class Ask(Stamped):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="asks")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="asks"
    )
    response = models.CharField(max_length=20, choices=Response.choices)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["owner", "conversation"])]

    def __str__(self) -> str:
        return f"Ask in {self.conversation}: {self.get_response_display()}"


class Lead(Stamped):
    referrer = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="leads_given")
    contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads_as_referred",
        help_text="The referred person; empty when only a company was named.",
    )
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    ask = models.ForeignKey(
        Ask, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    callback_of = models.ForeignKey(
        Conversation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callback_leads",
        help_text="The earlier conversation where the seeker left their number (R5).",
    )
    permission = models.CharField(
        max_length=20, choices=Permission.choices, default=Permission.NOT_ASKED
    )
    thanked_at = BoundedDateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW)
    contacted_at = BoundedDateTimeField(
        null=True, blank=True, help_text="When the seeker first reached out to the lead."
    )
    replied_at = BoundedDateTimeField(
        null=True, blank=True, help_text="When the lead first answered (talked, won or dead)."
    )
    note = models.TextField(blank=True, help_text="What the referrer said.")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["owner", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("lead_detail", args=[self.pk])

    @property
    def name(self) -> str:
        if self.contact_id and self.contact:
            return self.contact.name
        return self.company.name if self.company_id and self.company else "(unnamed lead)"


class FollowUp(Stamped):
    kind = models.CharField(max_length=20, choices=FollowUpKind.choices)
    title = models.CharField(max_length=300)
    due_on = BoundedDateField()
    status = models.CharField(
        max_length=10, choices=FollowUpState.choices, default=FollowUpState.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="followups"
    )
    lead = models.ForeignKey(
        Lead, null=True, blank=True, on_delete=models.CASCADE, related_name="followups"
    )
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="followups"
    )
    note = models.TextField(blank=True)
    # Raised on every change so subscribed calendars replace the event (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    # "N days after the last contact": a new conversation with the contact moves `due_on`.
    after_last_contact = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_days(365)
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "follow-up"
        indexes = [
            # With `kind`, Today counts and ranks each kind's due follow-ups from the index alone.
            models.Index(fields=["owner", "status", "due_on", "kind"]),
            # The caseload: when a seeker last ticked a follow-up done.
            models.Index(fields=["owner", "status", "done_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status != FollowUpState.DONE

    @property
    def next_action(self) -> str:
        """The one thing a row of Today offers first: call back a check-back with a contact,
        tick a seeker's own task done, and otherwise open the message to send."""
        if self.kind == FollowUpKind.CHECK_BACK and self.contact_id:
            return "call"
        return "done" if self.kind == FollowUpKind.CUSTOM else "message"


class Capture(Owned):
    """A call recorded on the seeker's phone while offline, by the id the phone gave it: a
    capture sent twice is recorded once (domain.captures)."""

    client_id = models.UUIDField()
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the first send reported about leads the referrer had already given (R3).
    known = models.JSONField(default=list, blank=True)
    # A capture sent by the API or the CLI that could not be recorded is kept, as sent, for
    # the seeker to resolve (a phone keeps its own); `recorded` once it is.
    state = models.CharField(
        max_length=10,
        default="recorded",
        choices=[("recorded", "recorded"), ("conflict", "conflict")],
    )
    payload = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    code = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "client_id"], name="capture_once_per_owner")
        ]

    def __str__(self) -> str:
        return f"capture {self.client_id}"


class Script(Stamped):
    """The seeker's phone script. The parting questions section is the favourites, not a copy."""

    opening = models.TextField(blank=True)
    pitch = models.TextField(blank=True)
    permission_line = models.TextField(blank=True)
    number_line = models.TextField(blank=True)
    closing = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint("owner", name="script_one_per_owner")]

    def __str__(self) -> str:
        return f"script of {self.owner}"


class DrillCard(Stamped):
    """Spaced-repetition state for practising one question (an fsrs card, as its dict)."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="drill_card")
    card = models.JSONField(default=dict)
    due = BoundedDateTimeField()
    reviews = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["owner", "due"])]

    def __str__(self) -> str:
        return f"drill card for question #{self.question_id}"


# -- imports, merges and the review queue (issue 5) ------------------------------------


class ContactPoint(Owned):
    """Every email, phone (E.164) and web address a contact has, kept across merges."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        URL = "url", "Web address"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="points")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=300)
    label = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["owner", "kind", "value"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


class ReviewPair(Owned):
    """Two contacts that may be the same person, waiting for the seeker: merge or keep both."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reason = models.CharField(max_length=200, blank=True)
    # The import that found the pair, so all of one import's pairs can be settled at once.
    run = models.ForeignKey(
        "ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="pairs"
    )

    class Meta:
        ordering = ["-score", "id"]
        indexes = [models.Index(fields=["owner", "-score"])]

    def __str__(self) -> str:
        return f"review #{self.contact_id} / #{self.other_id}"


class Merge(Owned):
    """One contact merged into another, with what it changed so it can be undone."""

    kept = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="merges")
    merged_name = models.CharField(max_length=200)
    merged = models.JSONField(help_text="The merged contact's row, as it was.")
    kept_before = models.JSONField(help_text="The kept contact's fields the merge changed.")
    moved = models.JSONField(help_text="[model label, field, [row ids]] re-pointed at `kept`.")
    added_points = models.JSONField(default=list)
    undone_at = models.DateTimeField(null=True, blank=True)
    # Set when an import merged a row of its file into a contact (`merged` is then the row).
    run = models.ForeignKey(
        "ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.merged_name} into #{self.kept_id}"


class StagedUpload(Owned):
    """A file uploaded for an import or a restore, kept in the database between the preview
    and the apply (which another app process or a task worker may serve) until it expires."""

    class Kind(models.TextChoices):
        IMPORT = "import", "Import"
        RESTORE = "restore", "Restore"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)  # clear_expired reads every account's

    def __str__(self) -> str:
        return f"{self.kind} upload {self.filename}"


class ImportRun(Owned):
    """One import (or restore) file: previewed, then applied; its file is `upload`."""

    kind = models.CharField(max_length=10)
    filename = models.CharField(max_length=255)
    token = models.CharField(max_length=64, unique=True)
    skip_bad = models.BooleanField(default=False)
    summary = models.JSONField(default=dict)
    applied_at = models.DateTimeField(null=True, blank=True)
    upload = models.ForeignKey(
        StagedUpload, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} import {self.filename}"


class Activity(Owned):
    """One event in the account's life (a sign-in, an export, a share granted...), shown to
    the seeker under Settings and kept for 180 days (domain.activity)."""

    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.detail}".strip()


class Job(Owned):
    """An import or a restore on the task queue: how far it got, then its result or why it
    failed. The task writes it in short writes of its own, so pages and the CLI can poll it."""

    class Kind(models.TextChoices):
        IMPORT = "import", "Import"
        RESTORE = "restore", "Restore"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    filename = models.CharField(max_length=255)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=20, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # Which kind of refusal `error` is (invalid, conflict, not_found, unexpected) and its code,
    # so each door words it as it words the same refusal made at once.
    error_kind = models.CharField(max_length=20, blank=True)
    error_code = models.CharField(max_length=60, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} job {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ApiToken(Owned):
    """A personal access token for the API (domain.tokens): kept only as its SHA-256, named
    in lists and logs by its prefix. Read-only or read-write, until `expires_at`, revocable.
    The rate-limit window lives on the row, so every app process counts against one limit."""

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # The current rate-limit window (its start) and the requests counted in it.
    window_start = models.DateTimeField(null=True, blank=True)
    window_hits = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"token {self.prefix} ({self.name})"


class SetupToken(models.Model):
    """A one-time sign-in token for the first account, printed by `parting serve`."""

    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"setup token of {self.created_at:%Y-%m-%d %H:%M}"


# -- sharing with a coach (R9) ----------------------------------------------------------
# These rows join two accounts, so none has an `owner`: backups and restores of one account
# leave them alone, and deleting either account removes them.


class Share(models.Model):
    """A seeker's consent for a coach to read their account: `numbers` or `full`, until a
    date (the seeker's), revocable. Read only through `domain.sharing.shared_view`."""

    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares_given"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares_received"
    )
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.NUMBERS)
    until = BoundedDateField(null=True, blank=True, help_text="Last day the coach may read.")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "seeker",
                "coach",
                condition=models.Q(revoked_at__isnull=True),
                name="share_one_open_per_pair",
            )
        ]
        indexes = [
            models.Index(fields=["coach", "revoked_at"]),
            models.Index(fields=["seeker", "revoked_at"]),
        ]

    def __str__(self) -> str:
        return f"share #{self.pk} ({self.scope}) of #{self.seeker_id} with #{self.coach_id}"


class Invitation(models.Model):
    """A one-time link, kept only as its hash, that expires after 7 days: a seeker inviting a
    coach to a share, or someone invited to make an account."""

    kind = models.CharField(max_length=10, choices=InvitationKind.choices)
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.NUMBERS)
    until = BoundedDateField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    # An account invitation: when the new account answered "share with whoever invited me?".
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["invited_by", "kind", "used_at"]),
            models.Index(fields=["email", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} invitation for {self.email}"


class CoachNote(models.Model):
    """A suggestion or a question to try, left by a coach on a shared seeker: the only row a
    coach writes. The seeker sees it on Today until they dismiss it."""

    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_notes"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_notes_written"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["seeker", "dismissed_at"]),
            models.Index(fields=["coach", "seeker"]),
        ]

    def __str__(self) -> str:
        return f"note #{self.pk} for #{self.seeker_id}"


class WorkerBeat(models.Model):
    """A running task worker, seen every few seconds. A task held by a worker that is no
    longer seen is run again once, then marked failed (parting.queue.reaper)."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id}"


class PeriodicRun(models.Model):
    """One run of a periodic job (parting.queue.scheduler) for one account, or for the whole
    site, on one day. Unique: whichever worker inserts it first enqueues the run."""

    job = models.CharField(max_length=64)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A run that raised is tried again later the same day (scheduler.RETRY_AFTER), a few times.
    attempts = models.PositiveSmallIntegerField(default=1)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "day", "owner"], name="periodic_run_once"),
            # NULLs are distinct in a unique constraint: a site-wide run needs its own.
            models.UniqueConstraint(
                fields=["job", "day"],
                condition=models.Q(owner__isnull=True),
                name="periodic_site_run_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job} for {self.owner_id or 'the site'} on {self.day}"


# -- inbound mail (issue 14) --------------------------------------------------------------


class Mailbox(Owned):
    """The seeker's IMAP mailbox: where to read and how the last try went. The password is
    kept encrypted (parting.inbound.secrets) and never shown again."""

    class Tls(models.TextChoices):
        SSL = "ssl", "SSL/TLS"
        STARTTLS = "starttls", "STARTTLS"
        NONE = "none", "None (plain text)"

    host = models.CharField(max_length=253)
    port = models.PositiveIntegerField()
    tls = models.CharField(max_length=10, choices=Tls.choices, default=Tls.SSL)
    login = models.CharField(max_length=254)
    secret = models.TextField(help_text="The password, encrypted.")
    folders = models.JSONField(default=list)
    sent_folder = models.CharField(max_length=255, blank=True)
    tag = models.CharField(max_length=40, default="[parting]")
    # How the last connection went: `ok` or `failed`, with its one line.
    status = models.CharField(max_length=10, blank=True)
    status_line = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint("owner", name="mailbox_one_per_owner")]

    def __str__(self) -> str:
        return f"{self.login} at {self.host}"


class MailFolder(Owned):
    """How far a folder has been read: the last UID seen, valid while UIDVALIDITY holds."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="states")
    name = models.CharField(max_length=255)
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint("mailbox", "name", name="mail_folder_once_per_mailbox")
        ]
        indexes = [models.Index(fields=["owner", "mailbox"])]

    def __str__(self) -> str:
        return f"{self.name} up to UID {self.last_uid}"


class MailLogged(Owned):
    """A message logged from mail, by its key (the Message-ID, or a digest of its headers
    when it has none), so fetching twice logs nothing twice."""

    class Direction(models.TextChoices):
        IN = "in", "Received"
        OUT = "out", "Sent"
        FORWARDED = "forwarded", "Forwarded"

    key = models.CharField(max_length=255)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint("owner", "key", name="mail_logged_once")]
        indexes = [models.Index(fields=["owner", "conversation"])]

    def __str__(self) -> str:
        return f"mail {self.key}"


class UnmatchedSender(Owned):
    """An address that wrote to the seeker and matches no contact: waiting for review (make
    a contact, attach to one, or ignore it for good). Only the address and name are kept."""

    address = models.CharField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    messages = models.PositiveIntegerField(default=1)
    last_seen_at = models.DateTimeField()
    ignored = models.BooleanField(default=False)

    class Meta:
        ordering = ["-last_seen_at", "id"]
        constraints = [models.UniqueConstraint("owner", "address", name="unmatched_sender_once")]
        indexes = [models.Index(fields=["owner", "ignored", "-last_seen_at"])]

    def __str__(self) -> str:
        return self.address


class SiteSwitches(models.Model):
    """Site-wide switches an operator sets in the admin (one row)."""

    mailbox_connections = models.BooleanField(
        default=True, help_text="Seekers may connect a mailbox (inbound mail over IMAP)."
    )

    class Meta:
        verbose_name = "site switches"
        verbose_name_plural = "site switches"

    def __str__(self) -> str:
        return "site switches"
