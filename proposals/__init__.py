"""Kyodo: citizen groups and the city co-producing public services."""

from __future__ import annotations

import logging
import os

from flask import Flask, has_request_context, jsonify, request, session
from sqlalchemy.exc import SQLAlchemyError

from proposals import config as config_module
from proposals.extensions import babel, csrf, db, limiter, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: defaults, then instance/config.py, then the environment.

    ``test_config`` replaces the last two, so tests never read the developer's settings.
    """
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(config_module.DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        config_module.load_environment(app.config)
    else:
        app.config.update(test_config)

    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI",
        app.config.get("DATABASE_URL")
        or "sqlite:///" + os.path.join(app.instance_path, "kyodo.sqlite3"),
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.secret_key_from_instance(app.instance_path)
    # Counters shared by all gunicorn workers need Redis; without it each process counts alone.
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    app.config.setdefault("UPLOAD_FOLDER", os.path.join(app.instance_path, "uploads"))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # A connection the server dropped is replaced instead of failing a request.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
    logging.basicConfig(level=logging.INFO)

    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    _register_health_check(app)
    _register_security_headers(app)

    from proposals import caching, errors, templating

    errors.init_app(app)
    templating.init_app(app)
    caching.init_app(app)
    return app


def _select_locale() -> str | None:
    from flask import current_app

    if not has_request_context():
        # CLI commands and background work have no visitor to ask.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    supported = current_app.config["SUPPORTED_LOCALES"]
    chosen = session.get("locale")
    if chosen in supported:
        return chosen
    return request.accept_languages.best_match(supported)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(__file__), "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)

    from proposals.accounts import auth
    from proposals.mail import outbox

    auth.init_app(app)
    outbox.init_app(app)

    # Models must be imported for the metadata (and Alembic) to know every table.
    from proposals import models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from proposals.accounts.views import bp as accounts_bp
    from proposals.admin.views import bp as admin_bp
    from proposals.calls.views import bp as calls_bp
    from proposals.committee.views import bp as committee_bp
    from proposals.groups.views import bp as groups_bp
    from proposals.notifications.views import bp as notifications_bp
    from proposals.opendata.views import bp as opendata_bp
    from proposals.projects.dashboard_views import bp as dashboards_bp
    from proposals.projects.report_views import bp as reports_bp
    from proposals.projects.views import bp as projects_bp
    from proposals.public.views import bp as public_bp
    from proposals.publication.views import bp as publication_bp
    from proposals.questions.views import bp as questions_bp
    from proposals.review.views import bp as review_bp
    from proposals.search.views import bp as search_bp
    from proposals.selection.views import bp as selection_bp
    from proposals.submissions.views import bp as submissions_bp

    for blueprint in (
        public_bp,
        accounts_bp,
        groups_bp,
        calls_bp,
        submissions_bp,
        admin_bp,
        notifications_bp,
        review_bp,
        selection_bp,
        committee_bp,
        publication_bp,
        projects_bp,
        dashboards_bp,
        reports_bp,
        questions_bp,
        opendata_bp,
        search_bp,
    ):
        app.register_blueprint(blueprint)
    __import__("proposals.benchmarking").benchmarking.init_app(app)  # BENCHMARK_ROUTES only


def _register_cli(app: Flask) -> None:
    from proposals.accounts.cli import create_admin
    from proposals.demo.cli import demo_cli
    from proposals.review.cli import reviews_cli
    from proposals.scale.cli import scale_cli

    app.cli.add_command(create_admin)
    app.cli.add_command(demo_cli)
    app.cli.add_command(reviews_cli)
    app.cli.add_command(scale_cli)


def _register_health_check(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        try:
            db.session.execute(db.text("SELECT 1"))
        except SQLAlchemyError:
            db.session.rollback()
            return jsonify(status="error", database="unavailable"), 503
        return jsonify(status="ok", database="ok")


def _register_security_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        # Everything is served from this site; nothing loads from the internet.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
            "form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
