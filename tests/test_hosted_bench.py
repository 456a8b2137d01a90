"""The hosted bench's pieces that need no server: account sizes and the plan judge."""

from __future__ import annotations

import explain_hosted
import hosted_data

ROWS = {"core_lead": 70_000.0, "core_question": 500.0}
INDEXES = {
    "core_lead_pkey": ("core_lead", "id", True),
    "core_lead_owner_status": ("core_lead", "owner_id", False),
    "core_lead_referrer_id": ("core_lead", "referrer_id", False),
    "core_lead_created": ("core_lead", "created_at", False),
}


def test_sizes_hold_the_total_with_most_accounts_small_and_the_largest_first():
    sizes = hosted_data.sizes(5000, 1_000_000, 20_000, hosted_data.SEED)
    assert len(sizes) == 5000
    assert sum(sizes) == 1_000_000
    assert sizes[0] == max(sizes) == 20_000
    assert min(sizes) >= 1
    assert sorted(sizes)[2500] < 200  # the median seeker is small
    assert sum(1 for n in sizes if n > 2000) >= 20  # and a few are large


def judge(node):
    return explain_hosted.judge(node, ROWS, INDEXES)


def test_a_seq_scan_on_a_big_table_fails_and_on_a_small_one_passes():
    assert judge({"Node Type": "Seq Scan", "Relation Name": "core_lead"}).startswith("Seq Scan")
    assert judge({"Node Type": "Seq Scan", "Relation Name": "core_question"}) == ""


def test_an_index_must_lead_with_the_owner_unless_it_finds_one_row_or_one_parents_rows():
    def scan(index, cond):
        return {"Node Type": "Index Scan", "Relation Name": "core_lead", "Index Name": index,
                "Index Cond": cond}  # fmt: skip

    assert judge(scan("core_lead_owner_status", "(owner_id = 1)")) == ""
    assert judge(scan("core_lead_pkey", "(id = 5)")) == ""
    assert judge(scan("core_lead_referrer_id", "(referrer_id = 9)")) == ""
    assert "not owner_id" in judge(scan("core_lead_created", "(created_at > now())"))
    bitmap = {"Node Type": "Bitmap Index Scan", "Index Name": "core_lead_created"}
    assert "not owner_id" in judge(bitmap)
