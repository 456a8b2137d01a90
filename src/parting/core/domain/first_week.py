"""The first week: the method in six short steps, each ending in something done in Parting.

A step is done when the seeker's data shows its action really happened (questions rewritten,
favourites practised, a call with an ask...), never by ticking a box. The checklist stays on
Today until every step is done or the seeker puts it away. Each door adds its own way to do
a step (a link, a command); the domain only names the step.
"""

from __future__ import annotations

from dataclasses import dataclass

from parting.core.choices import Archetype, LeadStatus, Permission
from parting.core.domain import clock, freshness
from parting.core.domain.errors import Invalid
from parting.core.domain.profiles import get_profile, today_for
from parting.core.domain.questions import DEFAULT_QUESTIONS
from parting.core.domain.script import DEFAULTS as SCRIPT_DEFAULTS
from parting.core.domain.types import User
from parting.core.models import Ask, DrillCard, Lead, Profile, Question, Script

MAX_CHANGE = 500
KINDS = (
    Archetype.SAME_COMPANY,
    Archetype.SISTER_COMPANY,
    Archetype.NICHE_PEER,
    Archetype.COMMUNITY,
)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    text: str
    action: str
    done_when: str


STEPS: list[Step] = [
    Step(
        "questions",
        "Your questions, in your words",
        "A parting question works when it sounds like you, not like a form. Parting starts you "
        "with one question of each kind: someone else here, sister companies, other companies "
        "in the niche, the business community. Rewrite each one until you could say it "
        "without reading it: short, one breath, one ask.",
        "Rewrite your questions",
        "each of the four kinds has a question in your own wording",
    ),
    Step(
        "practise",
        "Two favourites, practised",
        "Right after a “no” there is no time to choose from a list. Pick the two questions you "
        "would most like to ask and drill them: Parting gives you a situation, you type the "
        "question from memory, and it shows where your words drifted.",
        "Practise your favourites",
        "both favourites have been practised at least once",
    ),
    Step(
        "script",
        "A script for the call",
        "The phone script puts your favourites between your opening and your goodbye, with "
        "the line that thanks them and asks whether you may use their name, and the line "
        "that leaves your number when no name comes to mind. If the phone makes you tense: "
        "say the script out loud before the call, stand up while you talk, and keep it open "
        "in front of you.",
        "Make the script yours",
        "the script is in your own words, with the thank-you and leave-my-number lines",
    ),
    Step(
        "call",
        "The next call, and the ask",
        "When the next phone screen or interview ends in a no, ask one favourite before you "
        "hang up. Then log the call and what came back, even a polite no: the ask rate counts "
        "questions asked, not names received.",
        "Log a call",
        "a call is logged with the parting question's answer",
    ),
    Step(
        "thank",
        "Thank, then reach out",
        "A name is a favour. Thank the person who gave it within a day, and ask whether you "
        "may mention them; Parting only names them in your messages if they said yes. Then "
        "get in touch with the lead while the referral is fresh.",
        "Go to your leads",
        "a referrer is thanked with their permission recorded, and a lead is contacted",
    ),
    Step(
        "review",
        "Look back at the week",
        "At the end of the week, open the weekly review: how many rejections got a question, "
        "how many leads they gave, who still waits for a thank-you. Then write down one thing "
        "to do differently next week: another question, an earlier ask, more calls.",
        "Open the weekly review",
        "you wrote down what to change next week",
    ),
]
STEP_KEYS = [step.key for step in STEPS]


@dataclass(frozen=True)
class Progress:
    steps: list[tuple[Step, bool]]
    dismissed: bool

    @property
    def done(self) -> int:
        return sum(1 for _, done in self.steps if done)

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)

    @property
    def shown(self) -> bool:
        """On Today: until every step is done or the seeker put the checklist away."""
        return not (self.complete or self.dismissed)

    @property
    def next_step(self) -> Step | None:
        return next((step for step, done in self.steps if not done), None)


def progress(user: User, profile: Profile | None = None) -> Progress:
    """Each step and whether the seeker's data shows it done; the five looks at the data are
    remembered until it changes (domain.freshness: questions, practice and the script are
    stamped rows too)."""
    profile = profile or get_profile(user)
    done = freshness.remembered(user.pk, "first-week", (), lambda: _data_done(user))
    done = {**done, "review": bool(profile.week_change.strip())}
    return Progress([(step, done[step.key]) for step in STEPS], _dismissed(profile))


def _data_done(user: User) -> dict[str, bool]:
    """The steps the data shows done, each by a query that stops at its first match."""
    return {
        "questions": _questions_rewritten(user),
        "practise": _favourites_practised(user),
        "script": _script_made_own(user),
        "call": Ask.objects.for_user(user).exists(),
        "thank": _thanked_and_contacted(user),
    }


def put_away() -> Progress:
    """The checklist as a seeker who put it away sees it on Today: nothing to work out."""
    return Progress([(step, False) for step in STEPS], dismissed=True)


def _dismissed(profile: Profile) -> bool:
    return profile.first_week_dismissed_at is not None


def _questions_rewritten(user: User) -> bool:
    starting = [text for _, text, _ in DEFAULT_QUESTIONS]
    own = Question.objects.for_user(user).exclude(text__in=starting)
    return set(KINDS) <= set(own.values_list("archetype", flat=True).distinct())


def _favourites_practised(user: User) -> bool:
    cards = DrillCard.objects.for_user(user).filter(
        question__favourite=True, question__deleted_at__isnull=True, reviews__gte=1
    )
    return cards[:2].count() >= 2


def _script_made_own(user: User) -> bool:
    script = Script.objects.filter(owner=user).first()
    if script is None or not (script.permission_line.strip() and script.number_line.strip()):
        return False
    return any(getattr(script, key).strip() != text for key, text in SCRIPT_DEFAULTS.items())


def _thanked_and_contacted(user: User) -> bool:
    """A referrer thanked with the permission asked, and a lead contacted: two probes that
    stop at the first match rather than counting every lead."""
    leads = Lead.objects.for_user(user)
    thanked = leads.filter(thanked_at__isnull=False).exclude(permission=Permission.NOT_ASKED)
    return thanked.exists() and leads.exclude(status=LeadStatus.NEW).exists()


def dismiss(user: User) -> Profile:
    """Put the checklist away (it can come back with `resume`)."""
    profile = get_profile(user)
    if profile.first_week_dismissed_at is None:
        profile.first_week_dismissed_at = clock.now()
        profile.save(update_fields=["first_week_dismissed_at"])
    return profile


def resume(user: User) -> Profile:
    """Bring the checklist back to Today."""
    profile = get_profile(user)
    if profile.first_week_dismissed_at is not None:
        profile.first_week_dismissed_at = None
        profile.save(update_fields=["first_week_dismissed_at"])
    return profile


def note_week_change(user: User, text: str) -> Profile:
    """The weekly review's one thing to change next week, dated the seeker's today."""
    text = " ".join((text or "").split())
    if not text:
        raise Invalid("write one thing to change next week", field="change")
    if len(text) > MAX_CHANGE:
        raise Invalid(f"longer than {MAX_CHANGE} characters", field="change")
    profile = get_profile(user)
    profile.week_change = text
    profile.week_change_on = today_for(user)
    profile.save(update_fields=["week_change", "week_change_on"])
    return profile
