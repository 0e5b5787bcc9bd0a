"""Engine creation and schema migrations (Alembic, run by the program at start-up)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import InnobotError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works: it only has to be the same in every innobot process sharing the database.
_MIGRATION_LOCK = 0x1770B07


class StoreError(InnobotError):
    """The state database cannot be reached or used."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Alembic and SQLAlchemy manage transactions; the driver must not open its own.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # cascades of /oublier and chat migrations
    cursor.execute("PRAGMA journal_mode=WAL")  # the bot reads while a dispatcher writes
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A claim must take the write lock when it starts, or two dispatchers read the same rows.
    immediate = connection.get_execution_options().get("immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQLite files get their directory, WAL and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def describe(engine: Engine) -> str:
    """The URL without its password, for messages."""
    return engine.url.render_as_string(hide_password=True)


def _config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest schema revision this program knows."""
    head = ScriptDirectory.from_config(_config(None)).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this program can upgrade from."""
    return {script.revision for script in ScriptDirectory.from_config(_config(None)).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None when it was never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest revision (or to `revision`, for tests of an upgrade); safe
    when several processes start together."""
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            config = _config(connection)
            tables = set(inspect(connection).get_table_names())
            if "queries" in tables and "alembic_version" not in tables:
                # A database made by innobot 0.1 (before migrations) holds revision 0001's tables.
                command.stamp(config, "0001")
            command.upgrade(config, revision)
    except SQLAlchemyError as exc:
        raise StoreError(
            f"database {describe(engine)} unreachable or unusable: {type(exc).__name__}"
        ) from exc
