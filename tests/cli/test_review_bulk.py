"""`parting review merge|keep --import N` and `parting merges` through the CLI door."""

from __future__ import annotations

from parting.core.models import ImportRun
from parting.data.imports.service import run_import
from tests import factories

BORDERLINE = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Jonathon,Smithsen,,,Globex,Engineer,05 Mar 2024\n"
    "Mariah,Gonzalez,,,Initech,Engineer,05 Mar 2024\n"
)


def _people(user):
    factories.contact(user, "Jonathan Smithson", company="Globex")
    factories.contact(user, "Maria Gonzales", company="Initech")


def test_review_lists_by_score_with_the_import_then_merges_all_of_it(run, alice):
    _people(alice)
    summary = run_import(alice, "linkedin", BORDERLINE.encode(), "c.csv")
    listing = run("review", "--json").json()
    assert {p["import_id"] for p in listing} == {summary["import_id"]}
    assert [p["score"] for p in listing] == sorted((p["score"] for p in listing), reverse=True)
    result = run("review", "merge", "--import", str(summary["import_id"]))
    assert result.code == 0, result.err
    assert f"Merged 2 pairs from import #{summary['import_id']} (c.csv)." in result.out
    merges = run("merges", "--json").json()
    assert len(merges) == 2
    assert run("unmerge", str(merges[0]["id"])).code == 0
    assert "undone" in run("merges").out


def test_keep_all_and_unknown_imports(run, alice, charlie):
    _people(alice)
    summary = run_import(alice, "linkedin", BORDERLINE.encode(), "c.csv")
    other = ["--user", "charlie@example.com"]
    assert run("review", "keep", "--import", str(summary["import_id"]), *other).code == 1
    me = ["--user", "alice@example.com"]
    assert run("review", "keep", "--import", "nope", *me).code == 1
    result = run("review", "keep", "--import", str(summary["import_id"]), *me)
    assert "Kept both in 2 pairs" in result.out
    assert run("review", *me).out == "Nothing to review.\n"


def test_the_cli_import_names_the_import_to_settle_its_pairs(run, alice, tmp_path):
    _people(alice)
    file = tmp_path / "c.csv"
    file.write_text(BORDERLINE)
    result = run("import", "linkedin", str(file))
    run_id = ImportRun.objects.for_user(alice).get().pk
    assert f"Settle them all: parting review merge|keep --import {run_id}" in result.out
    assert run("merges").out == "No merges.\n"
