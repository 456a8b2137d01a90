"""The question bank page: grouped by archetype, favourites (R7), reorder, delete with undo,
live preview of slots, and the yield of each question."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from parting.core.choices import Archetype
from parting.core.domain import question_bank, questions, yields
from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import DomainError, Invalid
from parting.core.domain.questions import TooManyFavourites
from parting.core.models import Question
from parting.web.forms.questions import QuestionForm
from parting.web.shortcuts import (
    SeekerRequest,
    add_domain_error,
    error_text,
    owned_or_404,
    post_only,
)

PAGE = "parting/questions/page.html"


def _question(request: SeekerRequest, pk: int) -> Question:
    return owned_or_404(Question, request.user, pk)


def _groups(user: Any) -> list[dict[str, Any]]:
    """Questions per archetype with their yield; archetypes with none are still listed."""
    per_question = {y.key: y for y in yields.question_yield(user)}
    per_archetype = {y.key: y for y in yields.archetype_yield(user)}
    slots = {**question_bank.SAMPLE_SLOTS, **questions.slots_for(user)}
    mine = list(questions.questions(user))
    groups = []
    for value, label in Archetype.choices:
        items = [
            {
                "question": q,
                "preview": questions.fill_slots(q.text, slots),
                "yield": per_question.get(str(q.pk)),
            }
            for q in mine
            if q.archetype == value
        ]
        groups.append(
            {"value": value, "label": label, "items": items, "yield": per_archetype[value]}
        )
    return groups


def _page(request: SeekerRequest, form: QuestionForm, status: int = 200) -> HttpResponse:
    user = request.user
    deleted = None
    deleted_id = parse_id(request.GET.get("deleted"))
    if deleted_id:
        deleted = (
            Question.all_objects.for_user(user)
            .filter(pk=deleted_id, deleted_at__isnull=False)
            .first()
        )
    mine = list(questions.questions(user))
    context = {
        "nav": "questions",
        "groups": _groups(user),
        "form": form,
        "ask_rate": yields.ask_rate(user),
        "deleted": deleted,
        "first_pk": mine[0].pk if mine else None,
        "last_pk": mine[-1].pk if mine else None,
        "favourite_count": sum(q.favourite for q in mine),
    }
    return render(request, PAGE, context, status=status)


@login_required
@require_GET
def question_bank_page(request: SeekerRequest) -> HttpResponse:
    return _page(request, QuestionForm(initial={"archetype": Archetype.CUSTOM}))


@login_required
@post_only("questions")
def question_add(request: SeekerRequest) -> HttpResponse:
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question = question_bank.add_question(
                request.user, form.cleaned_data["text"], form.cleaned_data["archetype"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"Added question #{question.pk}.")
            return redirect(f"{reverse('questions')}#question-{question.pk}")
    return _page(request, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: SeekerRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    initial = {"text": question.text, "archetype": question.archetype}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            question_bank.edit_question(
                request.user, question, form.cleaned_data["text"], form.cleaned_data["archetype"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"Saved question #{question.pk}.")
            return redirect(f"{reverse('questions')}#question-{question.pk}")
    status = 400 if request.method == "POST" else 200
    context = {
        "nav": "questions",
        "form": form,
        "question": question,
        "preview": question_bank.preview(request.user, question.text),
    }
    return render(request, "parting/questions/edit.html", context, status=status)


@login_required
@post_only("questions")
def question_move(request: SeekerRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    try:
        question_bank.move_question(request.user, question, request.POST.get("direction", ""))
    except Invalid as exc:
        messages.error(request, error_text(exc))
    return redirect(f"{reverse('questions')}#question-{question.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(request: SeekerRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST deletes, and the questions page then offers Undo."""
    question = _question(request, pk)
    if request.method == "GET":
        context = {"nav": "questions", "question": question}
        return render(request, "parting/questions/confirm_delete.html", context)
    question_bank.delete_question(request.user, question)
    return redirect(f"{reverse('questions')}?deleted={question.pk}")


@login_required
@post_only("questions")
def question_undo(request: SeekerRequest, pk: int) -> HttpResponse:
    # Only the seeker's own deleted rows: another account's id is a 404 (R9).
    owned_or_404(Question.all_objects.filter(deleted_at__isnull=False), request.user, pk)
    question = question_bank.undo_delete(request.user, pk)
    messages.success(request, f"Brought back question #{question.pk}.")
    return redirect(f"{reverse('questions')}#question-{question.pk}")


@login_required
@post_only("questions")
def question_favourite(request: SeekerRequest, pk: int) -> HttpResponse:
    """Mark or unmark; a third favourite (R7) turns into the offer to swap one."""
    question = _question(request, pk)
    wanted = request.POST.get("favourite") != "0"
    try:
        questions.set_favourite(request.user, question, wanted)
    except TooManyFavourites as exc:
        context = {
            "nav": "questions",
            "question": question,
            "message": error_text(exc),
            "current": questions.favourites(request.user),
        }
        return render(request, "parting/questions/swap.html", context, status=400)
    return redirect(f"{reverse('questions')}#question-{question.pk}")


@login_required
@post_only("questions")
def question_swap(request: SeekerRequest, pk: int) -> HttpResponse:
    """R7: the new favourite replaces the one the seeker picked."""
    question = _question(request, pk)
    raw = request.POST.get("replace") or ""
    old = owned_or_404(Question, request.user, raw)
    try:
        question_bank.swap_favourite(request.user, question, old)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"Question #{question.pk} replaces #{old.pk} as a favourite.")
    return redirect(f"{reverse('questions')}#question-{question.pk}")


@login_required
@require_GET
def question_preview(request: SeekerRequest) -> HttpResponse:
    """The live preview under the text box (htmx): filled slots, or the slot error."""
    text = request.GET.get("text", "")
    context: dict[str, Any] = {"preview": "", "error": ""}
    if text.strip():
        try:
            question_bank.check_text(text)
            context["preview"] = question_bank.preview(request.user, text)
        except Invalid as exc:
            context["error"] = error_text(exc)
    return render(request, "parting/questions/_preview.html", context)


urlpatterns = [
    path("questions/", question_bank_page, name="questions"),
    path("questions/add/", question_add, name="question_add"),
    path("questions/preview/", question_preview, name="question_preview"),
    path("questions/<id:pk>/edit/", question_edit, name="question_edit"),
    path("questions/<id:pk>/move/", question_move, name="question_move"),
    path("questions/<id:pk>/delete/", question_delete, name="question_delete"),
    path("questions/<id:pk>/undo/", question_undo, name="question_undo"),
    path("questions/<id:pk>/favourite/", question_favourite, name="question_favourite"),
    path("questions/<id:pk>/swap/", question_swap, name="question_swap"),
]
