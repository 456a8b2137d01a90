"""`parting worklog [--week DATE] [--format text|csv|pdf] [-o FILE]`, `parting activity`, and
the work-search requirement in `parting profile`."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader

from parting.core.choices import ActivityKind, Kind, Outcome, Stage
from parting.core.domain import activity, calls, network
from parting.core.domain.profiles import get_profile
from tests import factories as f
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def week_of_alice(alice, frozen):
    acme = network.create_company(alice, "Acme Logistics", website="https://acme.example")
    rita = f.contact(alice, "Rita Ortiz", acme.name, title="Recruiter")
    calls.log_conversation(alice, rita, Outcome.REJECTED, kind=Kind.INTERVIEW, opening="Analyst")
    network.create_opening(alice, acme, "Fleet Planner", stage=Stage.APPLIED)
    return alice


def test_the_week_as_text(run, week_of_alice):
    result = run("worklog")
    assert result.code == 0, result
    assert result.lines[0] == "Work-search log, Mon 2026-03-02 to Sun 2026-03-08"
    assert result.lines[1].startswith("2 activities (3 required), 2 employer contacts")
    assert "Interview" in result.out and "Rita Ortiz, Recruiter" in result.flat
    assert "Application" in result.out and "Fleet Planner" in result.out
    assert result.fits()


def test_the_week_as_json(run, week_of_alice):
    data = run("worklog", "--week", "2026-03-08", "--json").json()
    assert (data["week"], data["activities"], data["short"]) == ("2026-03-02", 2, True)
    first = data["entries"][0]
    assert (first["kind"], first["method"], first["result"]) == ("interview", "phone", "rejected")
    assert (first["employer"], first["website"]) == ("Acme Logistics", "https://acme.example")
    assert data["entries"][1]["kind"] == "application"


def test_an_empty_week_says_so(run, week_of_alice):
    result = run("worklog", "--week", "2026-03-09")
    assert result.code == 0 and "No activities logged this week." in result.out


def test_csv_to_stdout_and_to_a_file(run, week_of_alice, tmp_path):
    rows = list(csv.DictReader(io.StringIO(run("worklog", "--format", "csv").out)))
    assert [r["activity"] for r in rows] == ["Interview", "Application"]
    target = tmp_path / "week.csv"
    result = run("worklog", "--format", "csv", "-o", str(target))
    assert result.code == 0 and str(target) in result.out
    assert target.read_text(encoding="utf-8-sig").startswith("date,employer,website")


def test_pdf_to_a_file(run, week_of_alice, tmp_path):
    target = tmp_path / "week.pdf"
    result = run("worklog", "--format", "pdf", "-o", str(target), "--json")
    assert result.code == 0, result
    assert result.json()["file"] == str(target)
    text = PdfReader(str(target)).pages[0].extract_text()
    assert "Rita Ortiz" in text and "Fleet Planner" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--week", "next tuesday"), "not a date: 'next tuesday'"),
        (("--week", "2026-13-01"), "not a date"),
        (("--week", "3000-01-01"), "not a date Parting keeps"),
        (("--format", "pdf"), "a PDF is not text: give -o FILE"),
        (("-o", "x.txt"), "add --format csv or --format pdf"),
        (("--format", "docx"), "unknown --format 'docx' (one of text, csv, pdf)"),
    ],
)
def test_bad_input_is_one_line_with_exit_2_and_writes_nothing(
    run, week_of_alice, tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    result = run("worklog", *args)
    assert_one_line_error(result, 2)
    assert message in result.err
    assert list(tmp_path.iterdir()) == []


def test_the_log_is_the_acting_accounts_own(run, week_of_alice, bob):
    result = run("worklog", "--user", "bob@example.com")
    assert result.code == 0 and "Rita" not in result.out and "No activities" in result.out


# -- the requirement, and the account's activity -----------------------------------------


def test_profile_sets_the_requirement(run, alice):
    result = run("profile", "--worklog-activities", "4", "--worklog-employer", "2", "--json")
    assert result.code == 0, result
    assert result.json()["worklog_activities"] == 4
    profile = get_profile(alice)
    assert (profile.worklog_activities, profile.worklog_employer_contacts) == (4, 2)
    assert "4 activities a week, 2 with an employer" in run("profile").out


@pytest.mark.parametrize(
    "args",
    [
        ("--worklog-activities", "many"),
        ("--worklog-activities", "99"),
        ("--worklog-activities", "1", "--worklog-employer", "2"),
    ],
)
def test_profile_refuses_a_requirement_that_makes_no_sense(run, alice, args):
    result = run("profile", *args)
    assert_one_line_error(result, 2)
    profile = get_profile(alice)
    assert (profile.worklog_activities, profile.worklog_employer_contacts) == (3, 1)


def test_activity_lists_the_accounts_own_events(run, alice, bob):
    activity.record(alice, ActivityKind.EXPORT, "csv export")
    activity.record(bob, ActivityKind.EXPORT, "bob-export-marker")
    result = run("activity", "--user", "alice@example.com")
    assert result.code == 0 and "Exported" in result.out and "csv export" in result.out
    assert "bob-export-marker" not in result.out
    data = run("activity", "--user", "alice@example.com", "--json").json()
    assert [(e["kind"], e["detail"]) for e in data] == [("export", "csv export")]


def test_exports_from_the_terminal_are_recorded(run, alice, tmp_path):
    run("export", "vcard", "-o", str(tmp_path / "x.vcf"))
    run("backup", "-o", str(tmp_path / "b.json"))
    data = run("activity", "--json").json()
    assert [e["detail"] for e in data] == ["backup", "vcard export"]
