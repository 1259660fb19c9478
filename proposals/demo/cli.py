"""``flask demo load``: the demo of Yamato City's Citizen Partnership."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from proposals.demo.loader import load_demo

demo_cli = AppGroup("demo", help="Demo data: Yamato City's Citizen Partnership.")


@demo_cli.command("load")
@with_appcontext
def load():
    """Load the demo: accounts, groups, the calls of 2003-2006 decided (47 proposed, 23
    recommended, 20 selected) with their projects' yearly reports (the Yamato figures of
    2011), a call in review and a call open now. Running it again adds nothing."""
    report = load_demo(echo=click.echo)
    click.echo(f"Demo loaded. {report.summary()}.")
