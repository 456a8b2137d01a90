"""The drill page: a cue, the question typed from memory, the comparison, then a grade."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET

from parting.core.domain import drill
from parting.core.domain.errors import Invalid
from parting.core.models import Question
from parting.web.forms.questions import RecallForm
from parting.web.shortcuts import SeekerRequest, owned_or_404, post_only

PAGE = "parting/drill/page.html"


@login_required
@require_GET
def drill_page(request: SeekerRequest) -> HttpResponse:
    """The next question due, as its cue; or when the next practice is."""
    due = drill.due(request.user)
    card = due[0] if due else None
    context = {
        "nav": "drill",
        "card": card,
        "due_count": len(due),
        "cue": drill.cue(card.question) if card else "",
        "form": RecallForm(initial={"question": card.question_id}) if card else None,
        "upcoming": None if card else next(iter(drill.cards(request.user)), None),
    }
    return render(request, PAGE, context)


@login_required
@post_only("drill")
def drill_check(request: SeekerRequest) -> HttpResponse:
    """What they typed beside their own wording, with the grade buttons."""
    form = RecallForm(request.POST)
    if not form.is_valid():
        return redirect("drill")
    question = owned_or_404(Question, request.user, form.cleaned_data["question"])
    typed = form.cleaned_data["typed"]
    context = {
        "nav": "drill",
        "question": question,
        "cue": drill.cue(question),
        "typed": typed,
        "comparison": drill.compare(question.text, typed),
        "ratings": list(drill.RATINGS),
    }
    return render(request, "parting/drill/result.html", context)


@login_required
@post_only("drill")
def drill_grade(request: SeekerRequest) -> HttpResponse:
    raw = request.POST.get("question") or ""
    question = owned_or_404(Question, request.user, raw)
    try:
        drill.grade(request.user, question, request.POST.get("rating", ""))
    except Invalid:
        return redirect("drill")  # no grade given: show the card again
    return redirect("drill")


urlpatterns = [
    path("drill/", drill_page, name="drill"),
    path("drill/check/", drill_check, name="drill_check"),
    path("drill/grade/", drill_grade, name="drill_grade"),
]
