"""Home page, liveness (/healthz) and readiness (/readyz) checks."""

from flask import Blueprint, current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import text

from softlanding.core.extensions import db
from softlanding.core.home import panels_for

bp = Blueprint("main", __name__)

# /readyz gives the database this long to answer SELECT 1 (PostgreSQL; SQLite answers from the file).
READY_DB_TIMEOUT_MS = 2000


@bp.get("/")
def index():
    """Signed in: what needs this person now (core/home.py); signed out: what the platform does."""
    if current_user.is_authenticated:
        return render_template("main/home.html", sections=panels_for(current_user))
    return render_template("main/index.html")


@bp.get("/about")
def about():
    """What the platform does for each kind of member (the signed-out home page, for everyone)."""
    return render_template("main/index.html")


@bp.get("/privacy")
def privacy():
    """The privacy notice: the controller, what is kept and why, who sees it, for how long, and rights."""
    cfg = current_app.config
    return render_template("main/privacy.html", controller=cfg["PRIVACY_CONTROLLER"], contact=cfg["PRIVACY_CONTACT"],
                           retention_years=round(cfg["ACCOUNT_RETENTION"].days / 365, 1),
                           warning_days=cfg["ACCOUNT_RETENTION_WARNING"].days,
                           audit_days=cfg["AUDIT_RETENTION"].days, export_days=cfg["DATA_EXPORT_LIFETIME"].days)


@bp.get("/healthz")
def healthz():
    """Liveness: 200 `ok` while the process serves requests; it touches neither the database nor Redis."""
    return current_app.response_class("ok\n", mimetype="text/plain")


def _database_ready() -> bool:
    """SELECT 1 answered within READY_DB_TIMEOUT_MS."""
    try:
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(text(f"SET LOCAL statement_timeout = {READY_DB_TIMEOUT_MS}"))
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:
        current_app.logger.warning("readiness: the database did not answer")
        return False
    finally:
        db.session.rollback()


def _redis_ready() -> bool | None:
    """PING the rate-limit store within its short socket timeouts; None when it is not Redis."""
    uri = str(current_app.config.get("RATELIMIT_STORAGE_URI", "")).lower()
    if not uri.startswith(("redis", "rediss")):
        return None
    checker = current_app.extensions.get("softlanding_readyz_redis")
    if checker is None:
        from limits.storage import storage_from_string

        # Its own client with the limiter's short timeouts: the limiter may be counting in memory right now.
        checker = storage_from_string(current_app.config["RATELIMIT_STORAGE_URI"],
                                      **current_app.config.get("RATELIMIT_STORAGE_OPTIONS", {}))
        current_app.extensions["softlanding_readyz_redis"] = checker
    try:
        ready = bool(checker.check())
    except Exception:
        ready = False
    if not ready:
        current_app.logger.warning("readiness: the rate-limit store (Redis) did not answer")
    return ready


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when the database (and Redis, if configured) answer; 503 naming what is down."""
    checks = {"database": _database_ready()}
    redis_ready = _redis_ready()
    if redis_ready is not None:
        checks["redis"] = redis_ready
    down = sorted(name for name, ready in checks.items() if not ready)
    body: dict[str, object] = {name: "ok" if ready else "unreachable" for name, ready in checks.items()}
    body.update(status="unavailable" if down else "ok", down=down)
    return jsonify(body), 503 if down else 200
