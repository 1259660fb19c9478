"""Writing a dataset as CSV or JSON, piece by piece, so the whole file is never in memory.

CSV: UTF-8 without a byte-order mark, a header row, comma-separated, fields quoted only
when needed, lines ending in CRLF (RFC 4180); an empty cell is a missing value.
JSON: one array of objects keyed by the column names; a missing value is null, numbers
are numbers, and a flag is true or false.

Both are written a batch of rows at a time (one chunk of the response per batch of
``datasets.BATCH_SIZE`` rows): the C-coded ``csv.writer.writerows`` and list
comprehensions over a batch's columns do the work, not a Python call per cell.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring

from proposals.opendata.datasets import Dataset


def _flag(value):
    if value is None:
        return None
    return "true" if value else "false"


def csv_chunks(
    header: list[str], batches: Iterable[list[tuple]], flags: frozenset[str] = frozenset()
) -> Iterator[str]:
    """The CSV text of ``batches`` of rows under ``header``, one chunk per batch; the
    columns named in ``flags`` hold true/false. (csv writes None as an empty cell.)"""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    flag_positions = [position for position, name in enumerate(header) if name in flags]
    for batch in batches:
        if flag_positions:
            batch = [list(row) for row in batch]
            for row in batch:
                for position in flag_positions:
                    row[position] = _flag(row[position])
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _json_values(values: tuple) -> list[str]:
    """The JSON text of each value of a column (the fast paths of json.dumps)."""
    kinds = set(map(type, values))
    # A column of one type, the usual case, is converted by a C function over the batch.
    if kinds == {str}:
        return list(map(encode_basestring, values))
    if kinds == {int}:
        return list(map(str, values))
    if kinds == {type(None)}:
        return ["null"] * len(values)
    return [
        encode_basestring(value)
        if type(value) is str
        else "null"
        if value is None
        else ("true" if value else "false")
        if type(value) is bool
        else str(value)
        if type(value) is int
        else json.dumps(value, ensure_ascii=False)
        for value in values
    ]


# Canonical decimal text (datasets.decimal_text), one per line, or null.
_NUMBER = r"(?:null|-?[0-9]+(?:\.[0-9][0-9])?)"
_NUMBERS = re.compile(rf"{_NUMBER}(?:\n{_NUMBER})*")


def _json_numbers(values: Iterable) -> list[str]:
    # Canonical decimal text is a valid JSON number as it is; anything else would be a
    # bug upstream, refused rather than written unquoted into the file.
    texts = ["null" if value is None else value for value in values]
    if not _NUMBERS.fullmatch("\n".join(texts)):
        raise ValueError("a numeric column holds something other than canonical decimals")
    return texts


def json_chunks(
    header: list[str], batches: Iterable[list[tuple]], numeric: frozenset[str] = frozenset()
) -> Iterator[str]:
    """A JSON array of one object per row, one chunk per batch; ``numeric`` names the
    columns holding decimal numbers as text, written as JSON numbers."""
    # One %-template per row: '{"name": %s, ...}' (a literal % in a name doubled).
    template = (
        "{"
        + ", ".join(encode_basestring(name).replace("%", "%%") + ": %s" for name in header)
        + "}"
    )
    writers = [_json_numbers if name in numeric else _json_values for name in header]
    separator = "[\n"
    for batch in batches:
        if not batch:
            continue
        cells = zip(*batch, strict=True)
        columns = [write(values) for write, values in zip(writers, cells, strict=True)]
        yield separator + ",\n".join([template % row for row in zip(*columns, strict=True)])
        separator = ",\n"
    yield "[\n]\n" if separator == "[\n" else "\n]\n"


def csv_stream(dataset: Dataset) -> Iterator[bytes]:
    for text in csv_chunks(dataset.header, dataset.batches(), dataset.flags):
        yield text.encode("utf-8")


def json_stream(dataset: Dataset) -> Iterator[bytes]:
    for text in json_chunks(dataset.header, dataset.batches(), dataset.numeric):
        yield text.encode("utf-8")
