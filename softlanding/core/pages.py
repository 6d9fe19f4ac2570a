"""Home page and health check."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from softlanding.core.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """What the platform does for each kind of member."""
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    """200 with database reachability, 503 when the database cannot be reached."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        database = "ok"
    except Exception:
        db.session.rollback()
        database = "unreachable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "degraded", database=database), status
