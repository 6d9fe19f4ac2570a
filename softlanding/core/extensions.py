"""Flask extensions, created unbound and bound to the app in create_app."""

import contextvars

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

# Stable constraint names so migrations are identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

# Whether this context's SQLite transactions take the write lock at BEGIN. core.transaction sets it
# per request; outside a request (CLI commands, jobs, tests' own sessions) it keeps the default, True.
write_lock = contextvars.ContextVar("softlanding_write_lock", default=True)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    # Take over transaction control from pysqlite so that we can emit BEGIN IMMEDIATE below.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except Exception:  # in-memory databases have no WAL; nothing to do
        pass
    # In WAL mode NORMAL syncs at checkpoints, not on every commit (SQLite's advice for WAL): a commit
    # survives the application crashing, only a power loss or OS crash may lose the latest ones. The
    # outbox commits once per message sent, and FULL made that an fsync each.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    """On SQLite, writers take the write lock at BEGIN so seat and capacity checks cannot interleave.

    SQLite cannot upgrade a read transaction to a write one safely under concurrency (the
    second writer fails with SQLITE_BUSY_SNAPSHOT); taking the write lock at BEGIN makes the
    busy timeout queue writers instead. Requests that only read (GET, HEAD, OPTIONS: see
    core.transaction) begin deferred, so under WAL they run while a writer holds the lock instead
    of queueing behind it. PostgreSQL uses SELECT ... FOR UPDATE instead.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write_lock.get() else "BEGIN")


def init_app(app):
    """Bind the extensions to `app` (the domains add what is theirs, such as the user loader)."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
