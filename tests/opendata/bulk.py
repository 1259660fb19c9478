"""Many verified values at once, for the streaming test and tests/benchmarks/bench_export.py."""

from __future__ import annotations

import decimal

import sqlalchemy as sa

from proposals.database import utcnow
from proposals.extensions import db
from proposals.projects.indicators import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorKind,
    Report,
    ReportState,
    ReportValue,
)

BATCH = 10_000


def insert_verified_values(project, *, indicators: int, periods: int, submitter, verifier) -> int:
    """``indicators`` x ``periods`` verified values on ``project`` (fiscal years from 1000),
    inserted in bulk; returns the number of values."""
    created = [
        Indicator(
            project_id=project.id,
            position=position,
            name=f"Indicator {position:04d}",
            unit="hours",
            kind=IndicatorKind.HOURS,
            aggregation=Aggregation.SUM,
            direction=Direction.HIGHER_IS_BETTER,
        )
        for position in range(indicators)
    ]
    db.session.add_all(created)
    db.session.flush()
    now = utcnow()
    db.session.execute(
        sa.insert(Report.__table__),
        [
            {
                "project_id": project.id,
                "fiscal_year": 1000 + period,
                "quarter": None,
                "revision": 1,
                "state": ReportState.VERIFIED.value,
                "notes": "",
                "outcomes": "",
                "prepared_by_id": submitter.id,
                "submitted_by_id": submitter.id,
                "submitted_at": now,
                "verified_by_id": verifier.id,
                "verified_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for period in range(periods)
        ],
    )
    report_ids = db.session.scalars(
        sa.select(Report.id).where(Report.project_id == project.id).order_by(Report.id)
    ).all()
    rows = (
        {
            "report_id": report_id,
            "indicator_id": indicator.id,
            "category_id": None,
            "value": decimal.Decimal(f"{(report_id * 7 + indicator.id) % 100000}.25"),
        }
        for report_id in report_ids
        for indicator in created
    )
    count = 0
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            db.session.execute(sa.insert(ReportValue.__table__), batch)
            count += len(batch)
            batch = []
    if batch:
        db.session.execute(sa.insert(ReportValue.__table__), batch)
        count += len(batch)
    db.session.commit()
    return count
