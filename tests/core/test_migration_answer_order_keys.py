"""Migration 0018 (analysis): every survey response made before it draws its own random order key, no
answer is lost on the way up or down (SQLite must not rebuild survey_response: that cascades to answers),
and the workspace then orders and pages them in SQL."""

import re

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from softlanding import create_app
from softlanding.core.extensions import db
from tests.conftest import make_config
from tests.factories import make_analysis_survey, make_event, make_response

HEX32 = re.compile(r"[0-9a-f]{32}")


def _counts(conn):
    return (conn.execute(sa.text("SELECT count(*) FROM survey_response")).scalar(),
            conn.execute(sa.text("SELECT count(*) FROM answer")).scalar())


def _columns(conn):
    return {c["name"] for c in sa.inspect(conn).get_columns("survey_response")}


def test_0018_gives_each_response_a_random_key_and_keeps_every_answer(new_database, tmp_path):
    url = new_database()
    app = create_app(make_config(url, tmp_path / "mail"))
    migrations = str(app.root_path + "/../migrations")
    with app.app_context():
        upgrade(directory=migrations)  # written at head (the factories know every column), then taken back
        survey = make_analysis_survey(make_event(days_ago=30), anonymous=True)
        for i in range(10):
            make_response(survey, f"Anon answer {i}")
        db.session.commit()
        db.session.remove()
        downgrade(directory=migrations, revision="0017", x_arg=["yes"])
        conn = db.session.connection()
        before = _counts(conn)
        assert before[0] == 10 and "order_key" not in _columns(conn)
        db.session.remove()

        upgrade(directory=migrations, revision="0018")
        conn = db.session.connection()
        keys = conn.execute(sa.text("SELECT order_key FROM survey_response ORDER BY id")).scalars().all()
        assert _counts(conn) == before
        assert len(set(keys)) == 10 and all(HEX32.fullmatch(k) for k in keys)
        assert keys != sorted(keys)  # drawn at random, not in the order of answering
        db.session.remove()

        downgrade(directory=migrations, revision="0017", x_arg=["yes"])
        conn = db.session.connection()
        assert _counts(conn) == before and "order_key" not in _columns(conn)
        db.session.remove()
        db.engine.dispose()
