"""A long restore on SQLite while another process writes by the web and the CLI (issue 9,
item 12): the restore builds in small transactions and switches in one short one, so every
write gets through (no 500, no failed command, none lost) and the restore is all there.

Runs in subprocesses on a SQLite file of its own, whichever database the suite uses. The lock
timeout is 3 s here: the old restore held the lock for the whole restore (21 s for this
account on a busy 2-core machine), so writers failed with "database is locked".
"""

from __future__ import annotations

from bench_restore import run


def test_it_restores_a_big_account_while_others_write_without_a_500_or_a_lost_write(tmp_path):
    figures = run(tmp_path, (800, 3000, 450), timeout=3)
    assert figures["restore_exit"] == 0
    failed = [w for w in figures["writes"] if not w["ok"]]
    assert failed == []
    assert figures["writes_during"] >= 3
    assert figures["writer@example.com"] == len(figures["writes"])  # none lost
    assert figures["target@example.com"] == 800  # the backup's contacts, the old one gone
    assert figures["staging"] == 0
