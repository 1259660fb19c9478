"""Stream a large values export and report its speed and memory (run by hand; pytest does
not collect it).

    PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_export.py [--rows 1000000]
        [--format csv|json|both] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/kyodo_bench_export]
        [--reuse] [--keep]

Fills a scratch database with ``--rows`` verified values in a child process (a SQLite file
in a temporary folder, or with ``--database-url`` a PostgreSQL database of that name that
this script creates and drops; it refuses to touch ``test``), then, in a fresh process per
format, streams /data/values.<format> through the application and prints rows per second
and the peak resident memory of the streaming process (ru_maxrss), beside its resident
memory before the export began: constant memory means the two stay close whatever the
number of rows. ``--reuse`` streams an already filled database (a SQLite path or a URL)
without filling or dropping it; ``--keep`` leaves the scratch database in place.

Targets (issue 5): >= 100,000 rows/s and peak RSS <= 150 MB for 1,000,000 values.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INDICATORS = 100
TARGET_ROWS_PER_SECOND = 100_000
TARGET_PEAK_MIB = 150


def _url(database: str) -> str:
    return database if "://" in database else f"sqlite:///{database}"


def _app(database: str):
    from proposals import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "benchmark",
            "SQLALCHEMY_DATABASE_URI": _url(database),
            "SERVER_NAME": "kyodo.test",
        }
    )


# --- scratch PostgreSQL databases (shared with bench_pages.py) ----------------------------


def _server_and_name(url: str):
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    name = parsed.database
    if not name or name in {"test", "postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to create or drop the database {name!r}: name a scratch one")
    return parsed.set(database="postgres"), name


def create_database(url: str) -> None:
    """Create the (empty) scratch PostgreSQL database of ``url``, dropping a leftover."""
    import sqlalchemy as sa

    server, name = _server_and_name(url)
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()


def drop_database(url: str) -> None:
    import sqlalchemy as sa

    server, name = _server_and_name(url)
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


# --- filling -------------------------------------------------------------------------------


def populate(database: str, rows: int) -> None:
    from proposals.accounts.models import Role, RoleGrant, User
    from proposals.calls.models import Call
    from proposals.extensions import db
    from proposals.groups.models import Group, GroupKind, Membership
    from proposals.projects.models import Project
    from proposals.submissions.models import Proposal, ProposalState
    from tests.opendata.bulk import insert_verified_values

    app = _app(database)
    with app.app_context():
        db.create_all()
        officers = [
            User(
                email=f"officer{i}@example.org",
                display_name=f"Officer {i}",
                password_hash="x",
                role_grants=[RoleGrant(role=Role.CITY_OFFICER)],
            )
            for i in (1, 2)
        ]
        group = Group(
            name="Benchmark group",
            kind=GroupKind.NPO,
            representative=officers[0],
            contact_email="group@example.org",
            description="",
            memberships=[Membership(user=officers[0])],
        )
        now = dt.datetime.now(dt.UTC)
        call = Call(
            title="Benchmark call",
            fiscal_year=2011,
            opens_at=now - dt.timedelta(days=60),
            closes_at=now - dt.timedelta(days=30),
            budget_envelope=10_000_000,
            max_per_proposal=1_000_000,
            created_by=officers[0],
        )
        proposal = Proposal(
            call=call,
            group=group,
            created_by=officers[0],
            title="Benchmark proposal",
            state=ProposalState.SUBMITTED,
            submitted_at=now - dt.timedelta(days=40),
        )
        project = Project(
            proposal=proposal, call=call, group=group, title="Benchmark project", awarded_amount=1
        )
        db.session.add_all([*officers, group, call, proposal, project])
        db.session.commit()
        periods = -(-rows // INDICATORS)
        insert_verified_values(
            project,
            indicators=INDICATORS,
            periods=periods,
            submitter=officers[0],
            verifier=officers[1],
        )
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()


# --- streaming -----------------------------------------------------------------------------


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def stream(database: str, fmt: str) -> dict:
    """Stream /data/values.<fmt> once in this process; the figures as a dict."""
    app = _app(database)
    client = app.test_client()
    with app.app_context():
        before = _rss_kib()
        cpu_start = time.process_time()
        start = time.perf_counter()
        response = client.get(f"/data/values.{fmt}", buffered=False)
        size = lines = 0
        try:
            for chunk in response.response:
                size += len(chunk)
                lines += chunk.count(b"\n")
        finally:
            response.close()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    rows = lines - 1 if fmt == "csv" else lines - 2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "format": fmt,
        "rows": rows,
        "bytes": size,
        "seconds": elapsed,
        "rows_per_second": rows / elapsed,
        # On a shared machine the wall clock includes waiting for the CPU; this does not
        # (nor the database server's own work on PostgreSQL).
        "cpu_seconds": cpu,
        "rss_before_mib": before / 1024,
        "peak_rss_mib": peak / 1024,
    }


def measure(database: str, fmt: str) -> dict:
    """``stream`` in a fresh process (so that nothing else counts in its peak memory)."""
    output = subprocess.run(  # noqa: S603 (this very script, with the same interpreter)
        [sys.executable, __file__, "--stream", database, "--format", fmt],
        check=True,
        env={**os.environ, "PYTHONPATH": ROOT},
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def fill(database: str, rows: int) -> float:
    """Fill ``database`` (a SQLite path or a URL of an empty database) in a child process."""
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 (this very script, with the same interpreter)
        [sys.executable, __file__, "--populate", database, "--rows", str(rows)],
        check=True,
        env={**os.environ, "PYTHONPATH": ROOT},
    )
    return time.perf_counter() - start


def verdict(figures: dict) -> str:
    fast = figures["rows_per_second"] >= TARGET_ROWS_PER_SECOND
    small = figures["peak_rss_mib"] * 1024 * 1024 <= TARGET_PEAK_MIB * 1_000_000
    return "PASS" if fast and small else "FAIL"


def print_figures(figures: dict) -> None:
    print(f"format:          {figures['format']}")
    print(f"rows:            {figures['rows']:,}")
    print(f"bytes:           {figures['bytes']:,}")
    print(f"seconds:         {figures['seconds']:.1f}")
    print(f"rows per second: {figures['rows_per_second']:,.0f}")
    print(
        f"CPU seconds:     {figures['cpu_seconds']:.1f} (this process: "
        f"{figures['rows'] / figures['cpu_seconds']:,.0f} rows per CPU second)"
    )
    print(f"RSS before:      {figures['rss_before_mib']:.1f} MiB")
    print(f"peak RSS:        {figures['peak_rss_mib']:.1f} MiB")
    print(
        f"target:          >= {TARGET_ROWS_PER_SECOND:,} rows/s, peak RSS <= "
        f"{TARGET_PEAK_MIB} MB: {verdict(figures)}"
    )


@contextlib.contextmanager
def scratch_database(url: str | None, *, keep: bool = False):
    """A scratch database: a SQLite file in a temporary folder, or the PostgreSQL
    database named by ``url``, created now and dropped afterwards (unless ``keep``)."""
    if url is None or url.startswith("sqlite"):
        if url is not None:
            yield url.removeprefix("sqlite:///")
            return
        if keep:
            folder = tempfile.mkdtemp(prefix="kyodo-bench-")
            yield os.path.join(folder, "bench.sqlite3")
            print(f"kept {folder}")
            return
        with tempfile.TemporaryDirectory(prefix="kyodo-bench-") as folder:
            yield os.path.join(folder, "bench.sqlite3")
        return
    create_database(url)
    try:
        yield url
    finally:
        if keep:
            print(f"kept {url}")
        else:
            drop_database(url)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=("csv", "json", "both"), default="both")
    parser.add_argument(
        "--database-url",
        help="a scratch PostgreSQL database (created and dropped) or SQLite URL; "
        "default a temporary SQLite file",
    )
    parser.add_argument("--reuse", help="an already filled database (SQLite path or URL)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--populate", help=argparse.SUPPRESS)
    parser.add_argument("--stream", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate:
        populate(args.populate, args.rows)
        return
    if args.stream:
        print(json.dumps(stream(args.stream, args.format)))
        return
    formats = ("csv", "json") if args.format == "both" else (args.format,)
    if args.reuse:
        for fmt in formats:
            print_figures(measure(args.reuse, fmt))
        return
    with scratch_database(args.database_url, keep=args.keep) as database:
        seconds = fill(database, args.rows)
        print(f"database:        {_url(database).split('@')[-1]}")
        print(f"filled {args.rows:,} rows in {seconds:.1f} s")
        for fmt in formats:
            print_figures(measure(database, fmt))


if __name__ == "__main__":
    main()
