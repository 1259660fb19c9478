"""An export is streamed: rows go out in chunks as they are read, never all held at once."""

from __future__ import annotations

import csv
import io
import tracemalloc

from tests.opendata.bulk import insert_verified_values

ROWS = 50_000


def test_a_large_export_is_streamed_in_bounded_memory(client, build_structure, officers):
    world = build_structure()
    count = insert_verified_values(
        world.alpha,
        indicators=50,
        periods=ROWS // 50,
        submitter=officers.first,
        verifier=officers.second,
    )
    assert count == ROWS

    # A first export compiles and caches the query: not what is measured.
    warm_up = client.get("/data/values.csv", buffered=False)
    for _chunk in warm_up.response:
        pass
    warm_up.close()

    response = client.get("/data/values.csv", buffered=False)
    tracemalloc.start()
    try:
        assert response.status_code == 200
        assert response.is_streamed
        assert "Content-Length" not in response.headers
        chunks = 0
        size = 0
        lines = 0
        for chunk in response.response:
            chunks += 1
            size += len(chunk)
            lines += chunk.count(b"\r\n")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        response.close()
    assert lines == ROWS + 1
    assert chunks > ROWS // 1000
    # The file is 3.5 MB; the export holds about one batch of rows at a time, some 1.2 MB
    # whatever the number of rows (measured the same for 10,000 and 100,000 rows).
    assert size > 3_000_000
    assert peak < 2_000_000, (peak, size)


def test_a_large_json_export_is_valid_and_streamed(client, build_structure, officers):
    import json

    world = build_structure()
    insert_verified_values(
        world.alpha, indicators=20, periods=250, submitter=officers.first, verifier=officers.second
    )
    response = client.get("/data/values.json", buffered=False)
    try:
        assert response.is_streamed
        body = b"".join(response.response)
    finally:
        response.close()
    records = json.loads(body)
    assert len(records) == 5000
    assert records[0]["value"] == float(records[0]["value"])
    # The CSV of the same rows says the same.
    text = client.get("/data/values.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["indicator_id"] for row in rows] == [str(r["indicator_id"]) for r in records]
