"""Fullwidth ＝ ＋ － ＠ at the start of a CSV cell are neutralised like their ASCII forms."""

from __future__ import annotations

import pytest

from parting.data.exports import safe_cell


@pytest.mark.parametrize("text", ['＝HYPERLINK("http://x")', "＋1+1", "－1+1", "＠SUM(1,2)"])
def test_it_neutralises_a_fullwidth_formula_start(text):
    assert safe_cell(text) == "'" + text


def test_it_leaves_other_fullwidth_text_alone():
    assert safe_cell("ＡＢＣ株式会社") == "ＡＢＣ株式会社"
    assert safe_cell("Zoë ＝ Zoe") == "Zoë ＝ Zoe"
