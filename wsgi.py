"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from proposals import create_app

app = create_app()
