"""Different hard keys mean different people: a different LinkedIn profile is never merged nor
queued for review; two different emails are at most a review pair."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parting.core.models import Contact, ReviewPair
from parting.data.imports.service import run_import
from tests import factories

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
FIRST = ["James", "Mary", "John", "Patricia", "Robert"]
FIRST += ["Jennifer", "Michael", "Linda", "David", "Elizabeth"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones"]
LAST += ["Garcia", "Miller", "Davis", "Rodriguez", "Martinez"]


def _csv(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    lines = [f"{a},{b},{url},{email},{co},Engineer,05 Mar 2024\n" for a, b, url, email, co in rows]
    return (HEADER + "".join(lines)).encode()


def namesakes(count: int = 1000, names: int = 50, companies: int = 20) -> bytes:
    """`count` people sharing `names` common names at `companies` companies, each with their own
    LinkedIn profile."""
    rng = random.Random(16)
    pool = [(f, last) for f in FIRST for last in LAST][:names]
    rows = []
    for i in range(count):
        first, last = rng.choice(pool)
        url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i}"
        rows.append((first, last, url, "", f"Company {rng.randrange(companies)}"))
    return _csv(rows)


def test_1000_namesakes_with_their_own_profiles_are_1000_contacts(alice):
    summary = run_import(alice, "linkedin", namesakes(), "c.csv")
    assert summary["counts"] == {"new": 1000, "merged": 0, "review": 0, "skipped": 0}
    assert Contact.objects.for_user(alice).count() == 1000
    again = run_import(alice, "linkedin", namesakes(), "c.csv")
    assert again["counts"] == {"new": 0, "merged": 1000, "review": 0, "skipped": 0}
    assert {m["by"] for m in again["merged"]} == {"LinkedIn profile"}
    assert not ReviewPair.objects.for_user(alice).exists()


def test_a_different_profile_is_never_merged_nor_reviewed_even_with_the_same_name(alice):
    factories.contact(
        alice, "John Smith", company="Globex", linkedin="https://www.linkedin.com/in/john-smith-1"
    )
    Contact.objects.for_user(alice).update(linkedin_slug="john-smith-1")
    data = _csv([("John", "Smith", "https://www.linkedin.com/in/john-smith-2", "", "Globex")])
    summary = run_import(alice, "linkedin", data, "c.csv")
    assert summary["counts"] == {"new": 1, "merged": 0, "review": 0, "skipped": 0}


def test_a_shared_email_with_another_profile_is_still_another_person(alice):
    factories.contact(alice, "Ann Lee", company="Acme", email="team@acme.example")
    Contact.objects.for_user(alice).update(linkedin_slug="ann-lee")
    data = _csv([("Bo", "Berg", "https://linkedin.com/in/bo-berg", "team@acme.example", "Acme")])
    assert run_import(alice, "linkedin", data, "c.csv")["counts"]["new"] == 1


def test_two_different_emails_and_the_same_name_are_at_most_a_review_pair(alice):
    factories.contact(alice, "John Smith", company="Globex", email="john@globex.example")
    data = _csv([("John", "Smith", "", "jsmith@home.example", "Globex")])
    summary = run_import(alice, "linkedin", data, "c.csv")
    assert summary["counts"] == {"new": 0, "merged": 0, "review": 1, "skipped": 0}
    assert ReviewPair.objects.for_user(alice).get().score == 100


def test_a_profile_merged_in_by_an_earlier_row_counts_for_the_rows_after_it(alice):
    factories.contact(alice, "John Smith", company="Globex")
    data = _csv(
        [
            ("John", "Smith", "https://www.linkedin.com/in/js-1", "", "Globex"),
            ("John", "Smith", "https://www.linkedin.com/in/js-2", "", "Globex"),
        ]
    )
    summary = run_import(alice, "linkedin", data, "c.csv")
    assert summary["counts"] == {"new": 1, "merged": 1, "review": 0, "skipped": 0}


names = st.sampled_from([f"{f} {last}" for f in FIRST[:4] for last in LAST[:3]])
people = st.lists(
    st.tuples(names, st.sampled_from(["Acme", "Acme Inc.", "ACME", "Globex"])),
    min_size=2,
    max_size=25,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(existing=people, incoming=people)
def test_property_people_with_distinct_profiles_are_never_merged(alice, existing, incoming):
    """However names and companies collide, an import never puts two profiles in one contact."""
    Contact.objects.for_user(alice).delete()
    everyone = existing + incoming
    first = [(n.split()[0], n.split()[1], f"https://www.linkedin.com/in/p{i}", "", co)
             for i, (n, co) in enumerate(existing)]  # fmt: skip
    second = [(n.split()[0], n.split()[1], f"https://linkedin.com/in/P{i + len(existing)}/", "", co)
              for i, (n, co) in enumerate(incoming)]  # fmt: skip
    run_import(alice, "linkedin", _csv(first), "a.csv")
    summary = run_import(alice, "linkedin", _csv(second), "b.csv")
    assert summary["counts"]["merged"] == summary["counts"]["review"] == 0
    assert Contact.objects.for_user(alice).count() == len(everyone)
    assert not ReviewPair.objects.for_user(alice).exists()


def _card(name: str, phone: str) -> bytes:
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL:{phone}\r\nEND:VCARD\r\n".encode()


def test_a_shared_office_phone_is_at_most_a_review_pair(alice):
    factories.contact(alice, "Dana Front", company="", phone="+13125550100")
    summary = run_import(alice, "vcard", _card("Omar Reyes", "+1 312 555 0100"), "c.vcf")
    assert summary["counts"] == {"new": 0, "merged": 0, "review": 1, "skipped": 0}
    assert Contact.objects.for_user(alice).count() == 2
    assert ReviewPair.objects.for_user(alice).count() == 1


def test_the_same_phone_and_name_is_still_the_same_person(alice):
    factories.contact(alice, "Dana Front", company="", phone="+13125550100")
    summary = run_import(alice, "vcard", _card("Dana Front", "+1 312 555 0100"), "c.vcf")
    assert summary["counts"]["merged"] == 1
    assert Contact.objects.for_user(alice).count() == 1
