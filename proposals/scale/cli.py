"""``flask scale generate``: fill an empty database with the scale data set."""

from __future__ import annotations

import json
import os

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from proposals.extensions import db
from proposals.scale.generator import SIZES, NotEmpty, generate

scale_cli = AppGroup("scale", help="The scale data set for benchmarks.")


@scale_cli.command("generate")
@click.option(
    "--size",
    type=click.Choice(list(SIZES)),
    default="default",
    show_default=True,
    help="default: 100,000 proposals; small: 1,000; tiny: about 100.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Where to write the JSON manifest [default: instance/scale-manifest.json].",
)
@with_appcontext
def generate_command(size: str, seed: int, manifest: str | None):
    """Fill an EMPTY, migrated database with a synthetic city programme: calls, groups,
    users, proposals, reviews, decisions, projects and verified indicator values.

    Accounts scale-officer, scale-officer2, scale-reviewer, scale-mayor, scale-admin and
    scale-citizen (all @kyodo.example) have the password kyodo-scale."""
    path = manifest or os.path.join(current_app.instance_path, "scale-manifest.json")
    click.echo(f"Generating the {size} scale data set (seed {seed}) into {db.engine.url!r}.")
    try:
        result = generate(db.engine, size, seed, echo=click.echo)
    except NotEmpty as error:
        raise click.ClickException(
            f"The database is not empty ({error.args[0]} users): the scale generator only "
            "fills an empty, migrated database. Use a fresh database (flask db upgrade)."
        ) from None
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        json.dump(result.manifest, file, ensure_ascii=False, indent=2)
    counts = result.counts
    click.echo(
        f"{counts['proposals']:,} proposals, {counts['reviews']:,} reviews, "
        f"{counts['projects']:,} projects, {counts['report_values']:,} indicator values "
        f"in {result.elapsed:.1f} s. Manifest: {path}"
    )
