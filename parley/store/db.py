"""Opening a Parley store: URL resolution, engines, sessions and migrations.

The default store is ``parley.db`` (SQLite) in the working directory; any
SQLAlchemy URL can be passed instead, or set in ``PARLEY_DB``. The schema is
migrated with Alembic the first time a store is opened by this process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from parley.errors import Errors, StoreError

DEFAULT_URL = "sqlite:///parley.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(url: str | None = None) -> str:
    """Return the store URL: ``url``, else ``$PARLEY_DB``, else ``sqlite:///parley.db``.

    A bare file path is accepted and turned into a SQLite URL.
    """
    url = url or os.environ.get("PARLEY_DB") or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    # psycopg 3 is the driver Parley installs; plain postgresql:// would ask for psycopg2.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Bring the schema of ``engine``'s database to the newest migration."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection_engine"] = engine
    try:
        command.upgrade(config, "heads")
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(Errors.E002.format(url=_safe(engine), reason=reason)) from exc


def current_revisions(engine: Engine) -> set[str]:
    """The Alembic revisions the database is at (empty for a new database)."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return set()
    with engine.connect() as conn:
        return {row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}


def _safe(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


class Store:
    """A migrated database and a session factory for it.

    Examples
    --------
    >>> from parley.store.models import Report
    >>> store = Store("sqlite://")
    >>> with store.session() as session:
    ...     session.query(Report).count()
    0
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = resolve_url(url)
        try:
            kwargs = {}
            if self.url.startswith("sqlite"):
                kwargs["connect_args"] = {"check_same_thread": False}
                if self.url in ("sqlite://", "sqlite:///:memory:"):
                    from sqlalchemy.pool import StaticPool

                    kwargs["poolclass"] = StaticPool
            self.engine = create_engine(self.url, **kwargs)
            if self.url.startswith("sqlite"):
                event.listen(self.engine, "connect", _sqlite_pragmas)
            if migrate:
                upgrade(self.engine)
        except StoreError:
            raise
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(Errors.E001.format(url=url or self.url, reason=str(exc).splitlines()[0])) from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    """Open (and migrate on first use) the store at ``url``; see :func:`resolve_url`."""
    return Store(url)
