import secrets

from proposals import create_app


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    unreachable = tmp_path / "no-such-directory" / "kyodo.sqlite3"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(8),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{unreachable}",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] != "ok"


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    from proposals.config import secret_key_from_instance

    first = secret_key_from_instance(str(tmp_path))
    assert len(first) == 64
    assert secret_key_from_instance(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(app):
    from proposals.extensions import db

    if db.engine.dialect.name != "sqlite":
        assert db.engine.pool._pre_ping
        return
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
