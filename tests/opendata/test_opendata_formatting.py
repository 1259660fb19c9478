"""The batch writers behind the exports: exact numbers, flags, and nothing unquoted that is
not a number."""

from __future__ import annotations

import decimal
import json

import pytest

from proposals.opendata.datasets import decimal_text, format_decimal
from proposals.opendata.export import csv_chunks, json_chunks

D = decimal.Decimal


@pytest.mark.parametrize(
    "value",
    [0, 3483, 0.0, 0.25, 12.5, 12.05, 4200.25, 5508.5, 123456789012.35, 99999999999.99, 1e15],
)
def test_the_fast_decimal_text_is_the_canonical_text(value):
    # SQLite hands over a float (or an int for a whole number), PostgreSQL a Decimal or,
    # for the values dataset, the numeric's text: all must give format_decimal's text.
    expected = format_decimal(D(f"{value:.2f}"))
    assert decimal_text(value) == expected
    assert decimal_text(D(f"{value:.2f}")) == expected
    assert decimal_text(None) is None


def test_csv_writes_flags_as_true_false_and_missing_cells_empty():
    text = "".join(
        csv_chunks(
            ["id", "flag", "note"],
            [[(1, True, None), (2, False, "a, b")], [(3, None, "=1+1")]],
            flags=frozenset({"flag"}),
        )
    )
    assert text == 'id,flag,note\r\n1,true,\r\n2,false,"a, b"\r\n3,,=1+1\r\n'


def test_json_chunks_make_one_valid_array_whatever_the_batches():
    header = ["id", "name", "value", "flag"]
    batches = [[(1, 'say "hi"', "12.50", True)], [], [(2, "東京", None, None), (3, "", "3", False)]]
    text = "".join(json_chunks(header, batches, frozenset({"value"})))
    assert text.startswith("[\n{") and text.endswith("}\n]\n")
    assert json.loads(text, parse_float=D) == [
        {"id": 1, "name": 'say "hi"', "value": D("12.50"), "flag": True},
        {"id": 2, "name": "東京", "value": None, "flag": None},
        {"id": 3, "name": "", "value": 3, "flag": False},
    ]
    assert "".join(json_chunks(header, [], frozenset({"value"}))) == "[\n]\n"


@pytest.mark.parametrize("bad", ["1e5", "12.5", "NaN", "1; alert(1)", "１２"])
def test_a_numeric_column_never_writes_anything_but_a_canonical_decimal(bad):
    with pytest.raises(ValueError, match="canonical decimals"):
        "".join(json_chunks(["value"], [[(bad,)]], frozenset({"value"})))
