"""`parting backup --all`: the rolling daily backups that cron runs on a hosted install."""

import json

import pytest

from tests import factories as f
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db


def test_backup_all_writes_one_rolling_backup_per_account_then_nothing_unchanged(
    run, alice, bob, settings, tmp_path
):
    settings.PARTING_HOME = tmp_path
    f.contact(alice, "Rita Ortiz")
    first = run("--json", "backup", "--all")
    assert first.code == 0, first.err
    assert json.loads(first.out)["written"] == 2
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json"))
    assert [name.split("/")[1] for name in files] == [str(alice.pk), str(bob.pk)]
    assert "Rita Ortiz" in (tmp_path / files[0]).read_text()
    again = run("backup", "--all")
    assert again.code == 0 and again.out.startswith("0 backup(s) written")


def test_backup_all_refuses_an_output_file(run, alice, settings, tmp_path):
    settings.PARTING_HOME = tmp_path
    result = run("backup", "--all", "-o", str(tmp_path / "x.json"))
    assert_one_line_error(result, 2)
    assert not list(tmp_path.rglob("*.json"))
