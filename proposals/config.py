"""Configuration: defaults here, then ``instance/config.py``, then the environment.

Every variable that can be set from the environment is listed in ``ENVIRONMENT``
so that the README's configuration table and the code cannot drift apart.
"""

import os
import secrets
from pathlib import Path

# name -> (type, description). Types: str, int, bool.
ENVIRONMENT = {
    "DATABASE_URL": (str, "SQLAlchemy URL. Unset: SQLite file instance/kyodo.sqlite3."),
    "SECRET_KEY": (
        str,
        "Signs sessions and links. Unset: generated once into instance/secret_key.",
    ),
    "REDIS_URL": (
        str,
        "Optional Redis, e.g. redis://127.0.0.1:6379/0. Unset: in-process fallbacks.",
    ),
    "MAIL_SERVER": (str, "SMTP host. Unset: mail is written to the log and the admin outbox only."),
    "MAIL_PORT": (int, "SMTP port (default 587)."),
    "MAIL_USERNAME": (str, "SMTP user name."),
    "MAIL_PASSWORD": (str, "SMTP password."),
    "MAIL_USE_TLS": (bool, "STARTTLS on the SMTP connection (default true)."),
    "MAIL_DEFAULT_SENDER": (str, "From address of outgoing mail."),
    "UPLOAD_FOLDER": (str, "Where attachments are stored. Default instance/uploads."),
    "MAX_ATTACHMENT_BYTES": (int, "Largest single attachment (default 10 MiB)."),
    "MAX_CONTENT_LENGTH": (int, "Largest request body; larger ones get 413 (default 25 MiB)."),
    "SESSION_COOKIE_SECURE": (bool, "Send cookies over HTTPS only (set true in production)."),
    "DEFAULT_TIMEZONE": (str, "Timezone of new calls (default Asia/Tokyo)."),
    "BABEL_DEFAULT_LOCALE": (str, "Interface language when the browser states none (default en)."),
    "CITY_NAME": (str, "Name of the city shown in the header (default Yamato City)."),
    "PORT": (int, "Port of the README run command (default 5000)."),
}


class DefaultConfig:
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session; the session itself expires
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_DEFAULT_SENDER = "kyodo@localhost"
    DEFAULT_TIMEZONE = "Asia/Tokyo"
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Asia/Tokyo"
    SUPPORTED_LOCALES = ("en", "ja")
    CITY_NAME = "Yamato City"
    INVITATION_VALID_DAYS = 14
    SIGNUP_LINK_VALID_HOURS = 48
    PASSWORD_MIN_LENGTH = 10
    PER_PAGE = 20
    # Brute-force protection on the forms that check passwords or send mail, per client address.
    LOGIN_RATE_LIMIT = "10 per minute;100 per hour"
    MAIL_FORM_RATE_LIMIT = "5 per minute;30 per hour"
    # The page benchmark's trivial routes (proposals/benchmarking.py); never in production.
    BENCHMARK_ROUTES = os.environ.get("KYODO_BENCHMARK_ROUTES") == "1"
    # Public-page cache (proposals/caching): None means on, except in tests (TESTING).
    CACHE_ENABLED: bool | None = None
    CACHE_TTL = 300  # seconds a page is kept; a change to public data replaces it sooner
    CACHE_MAX_BYTES = 64 * 1024 * 1024  # in-process cache of each worker, without Redis
    CACHE_KEY_PREFIX = "kyodo:page:"  # Redis keys; change it to drop pages after a deploy


def _coerce(kind, raw: str):
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        return int(raw)
    return raw


def load_environment(config: dict) -> None:
    for name, (kind, _description) in ENVIRONMENT.items():
        raw = os.environ.get(name)
        if raw not in (None, ""):
            config[name] = _coerce(kind, raw)


def secret_key_from_instance(instance_path: str) -> str:
    """Read the instance's secret key, generating it on first run.

    A key generated per process would log everyone out at each restart and
    break between gunicorn workers, so it is written once and kept.
    """
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker won the race; use its key
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip()
