"""Fixtures for the proposal's tests: the edit form's data, small real files, snapshots."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

TEXT_FIELDS = (
    "title",
    "summary",
    "need",
    "activities",
    "department",
    "group_role",
    "city_role",
    "beneficiaries",
    "timeline",
)


@pytest.fixture
def edit_data():
    """What the edit form posts for ``proposal`` as it stands, with ``overrides`` applied.

    ``lines=[(item, amount), ...]`` and ``indicators=[(name, unit, baseline, target), ...]``
    replace the rows; values are posted as strings, as a browser would.
    """

    def edit_data(proposal, *, lines=None, indicators=None, themes=None, **overrides):
        data = {name: getattr(proposal, name) or "" for name in TEXT_FIELDS}
        data["save"] = "Save draft"
        if lines is None:
            lines = [(line.item, line.amount) for line in proposal.budget_lines]
        if indicators is None:
            indicators = [
                (i.name, i.unit, i.baseline, i.annual_target) for i in proposal.indicators
            ]
        for index, (item, amount) in enumerate(lines):
            data[f"budget_lines-{index}-item"] = item
            data[f"budget_lines-{index}-amount"] = str(amount)
        for index, (name, unit, baseline, target) in enumerate(indicators):
            data[f"indicators-{index}-name"] = name
            data[f"indicators-{index}-unit"] = unit
            data[f"indicators-{index}-baseline"] = str(baseline)
            data[f"indicators-{index}-annual_target"] = str(target)
        data["themes"] = list(themes if themes is not None else proposal.themes)
        data.update(overrides)
        return data

    return edit_data


def _png(width=2, height=2) -> bytes:
    def chunk(kind, payload):
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _row in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def files():
    """Small files whose content is what their name says (or pointedly is not)."""

    class Files:
        png = _png()
        pdf = PDF
        xlsx = _xlsx()
        docx = _docx()
        html = b"<!doctype html><html><body><script>alert(1)</script></body></html>\n"
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
        csv = "item,amount\n会場費,300000\n".encode()
        csv_shift_jis = "item,amount\n会場費,300000\n".encode("shift_jis")

    return Files


@pytest.fixture
def upload(client):
    """POST ``content`` as an attachment of ``proposal`` named ``name``."""

    def upload(proposal, name, content, *, content_type="application/octet-stream"):
        # Encoded in memory: the test client would spool a large body to a temporary
        # file that nobody closes (a ResourceWarning, which is an error here).
        boundary, body = encode_multipart(
            {
                "file": FileStorage(io.BytesIO(content), filename=name, content_type=content_type),
                "upload": "Upload",
            }
        )
        return client.post(
            f"/proposals/{proposal.id}/attachments",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )

    return upload
