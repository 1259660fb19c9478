"""Writing a dataset as CSV or JSON, piece by piece, so the whole file is never in memory.

CSV: UTF-8 without a byte-order mark, a header row, comma-separated, fields quoted only
when needed, lines ending in CRLF (RFC 4180); an empty cell is a missing value.
JSON: one array of objects keyed by the column names; a missing value is null, numbers
are numbers, and a flag is true or false.
"""

from __future__ import annotations

import csv
import decimal
import io
import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring

from proposals.opendata.datasets import Dataset

# Rows written into one chunk of the response.
CHUNK_ROWS = 500


def _csv_cell(value):
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


def csv_lines(header: list[str], rows: Iterable[tuple]) -> Iterator[str]:
    """The CSV text of ``rows`` under ``header``, in chunks of ``CHUNK_ROWS`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(value) for value in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_scalar(value) -> str:
    # The fast paths of json.dumps for the few types a dataset holds.
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _json_number(value) -> str:
    # Canonical decimal text (datasets.format_decimal) is a valid JSON number as it is;
    # Decimal() refuses anything that is not a number.
    return "null" if value is None else str(decimal.Decimal(value))


def json_chunks(header: list[str], rows: Iterable[tuple], numeric: set[str]) -> Iterator[str]:
    """A JSON array of one object per row, written in chunks; ``numeric`` names the columns
    holding decimal numbers as text, written as JSON numbers."""
    prefixes = [encode_basestring(name) + ": " for name in header]
    writers = [_json_number if name in numeric else _json_scalar for name in header]
    columns = list(zip(prefixes, writers, strict=True))
    parts = ["["]
    separator = "\n{"
    for count, row in enumerate(rows, start=1):
        parts.append(
            separator
            + ", ".join(
                prefix + write(value) for (prefix, write), value in zip(columns, row, strict=True)
            )
            + "}"
        )
        separator = ",\n{"
        if count % CHUNK_ROWS == 0:
            yield "".join(parts)
            parts = []
    parts.append("\n]\n")
    yield "".join(parts)


def csv_stream(dataset: Dataset) -> Iterator[bytes]:
    for text in csv_lines(dataset.header, dataset.rows()):
        yield text.encode("utf-8")


def json_stream(dataset: Dataset) -> Iterator[bytes]:
    for text in json_chunks(dataset.header, dataset.rows(), dataset.numeric):
        yield text.encode("utf-8")
