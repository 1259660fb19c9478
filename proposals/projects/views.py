"""The public page of a project: what was awarded to whom, under which call."""

from __future__ import annotations

from flask import Blueprint, render_template

from proposals.extensions import db
from proposals.projects.models import Project

bp = Blueprint("projects", __name__)


@bp.get("/projects/<int:project_id>")
def view(project_id: int):
    # Projects exist only once a decision is published, and a published decision is public.
    project = db.get_or_404(Project, project_id)
    return render_template("projects/view.html", project=project, call=project.call)
