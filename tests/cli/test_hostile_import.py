"""A ZIP bomb through the CLI: one line, exit 2, nothing imported (issue 9)."""

from __future__ import annotations

from parting.core.models import Contact
from tests.imports.test_hostile_files import HEADER, MB, zipped


def test_a_zip_bomb_through_the_cli_is_one_line_exit_2(run, alice, tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(zipped({"Connections.csv": HEADER + bytes(20 * MB)}))
    result = run("import", "linkedin", str(path), "--user", alice.email)
    assert result.code == 2 and result.err.count("\n") == 1, result.err
    assert result.err.startswith(
        "parting: failed: export.zip:Connections.csv is too large once unpacked"
    )
    assert not Contact.objects.for_user(alice).exists()
