"""Stream a large values export and report its speed and memory (run by hand; pytest does
not collect it).

    PYTHONPATH=. .venv/bin/python tests/benchmarks/bench_export.py [--rows 1000000] [--format csv]

Fills a scratch SQLite database with ``--rows`` verified values in a child process, then,
in a fresh process, streams /data/values.<format> through the application and prints rows
per second and the peak resident memory of the streaming process (ru_maxrss), beside its
resident memory before the export began: constant memory means the two stay close
whatever the number of rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INDICATORS = 100


def _app(database: str):
    from proposals import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "benchmark",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SERVER_NAME": "kyodo.test",
        }
    )


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


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def stream(database: str, fmt: str) -> None:
    app = _app(database)
    client = app.test_client()
    with app.app_context():
        before = _rss_kib()
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
    rows = lines - 1 if fmt == "csv" else lines - 2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"format:          {fmt}")
    print(f"rows:            {rows:,}")
    print(f"bytes:           {size:,}")
    print(f"seconds:         {elapsed:.1f}")
    print(f"rows per second: {rows / elapsed:,.0f}")
    print(f"RSS before:      {before / 1024:.1f} MiB")
    print(f"peak RSS:        {peak / 1024:.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--populate", help=argparse.SUPPRESS)
    parser.add_argument("--stream", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate:
        populate(args.populate, args.rows)
        return
    if args.stream:
        stream(args.stream, args.format)
        return
    with tempfile.TemporaryDirectory() as scratch:
        database = os.path.join(scratch, "bench.sqlite3")
        env = {**os.environ, "PYTHONPATH": ROOT}
        start = time.perf_counter()
        # Each step in its own process, so that the filling does not count in the peak.
        subprocess.run(  # noqa: S603 (this very script, with the same interpreter)
            [sys.executable, __file__, "--populate", database, "--rows", str(args.rows)],
            check=True,
            env=env,
        )
        print(f"filled {args.rows:,} rows in {time.perf_counter() - start:.1f} s")
        subprocess.run(  # noqa: S603 (this very script, with the same interpreter)
            [sys.executable, __file__, "--stream", database, "--format", args.format],
            check=True,
            env=env,
        )


if __name__ == "__main__":
    main()
