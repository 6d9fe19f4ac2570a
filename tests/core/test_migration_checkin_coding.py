"""Migration 0016 (analysis): codings, memos and memo histories made before it survive it (SQLite rebuilds
analysis_memo, and dropping the old table would cascade-delete every memo's history), and a mentoring
check-in comment can then be coded and given a memo; the check constraint still refuses two targets."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from softlanding import create_app
from softlanding.core.extensions import db
from tests.conftest import make_config
from tests.factories import make_analysis_survey, make_checkin_comment, make_event, make_response, text_answer


def _before_0016():
    """The revision 0016 builds on (the chain is re-ordered as branches land)."""
    from pathlib import Path

    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(Path(__file__).resolve().parents[2] / "migrations"))
    return script.get_revision("0016").down_revision


BEFORE = _before_0016()

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_0016_keeps_codings_memos_and_their_history_and_lets_checkins_be_coded(new_database, tmp_path):
    url = new_database()
    app = create_app(make_config(url, tmp_path / "mail"))
    migrations = str(app.root_path + "/../migrations")
    with app.app_context():
        # The answer is made at head (the factories write today's columns), then taken back to BEFORE.
        upgrade(directory=migrations)
        answer = text_answer(make_response(make_analysis_survey(make_event(days_ago=30)), "Kaizen tips 🙏"))
        db.session.commit()
        answer_id = answer.id
        db.session.remove()
        downgrade(directory=migrations, revision=BEFORE, x_arg=["yes"])
        conn = db.session.connection()
        conn.execute(sa.text("INSERT INTO analysis_code (guid, name, definition, colour, is_theme, created_at) "
                             "VALUES ('00000000-0000-0000-0000-0000000000c1', 'Portfolio', '', '#0b5563', false, :t)"),
                     {"t": NOW})
        code_id = conn.execute(sa.text("SELECT id FROM analysis_code")).scalar()
        conn.execute(sa.text("INSERT INTO analysis_coding (guid, answer_id, code_id, start_offset, end_offset, "
                             "created_at) VALUES ('00000000-0000-0000-0000-000000000001', :a, :c, 0, 6, :t)"),
                     {"a": answer_id, "c": code_id, "t": NOW})
        conn.execute(sa.text("INSERT INTO analysis_memo (answer_id, body, created_at) VALUES (:a, 'Now', :t)"),
                     {"a": answer_id, "t": NOW})
        memo_id = conn.execute(sa.text("SELECT id FROM analysis_memo")).scalar()
        conn.execute(sa.text("INSERT INTO analysis_memo_revision (memo_id, body, action, changed_at) "
                             "VALUES (:m, 'Earlier wording', 'edited', :t)"), {"m": memo_id, "t": NOW})
        db.session.commit()
        db.session.remove()

        upgrade(directory=migrations, revision="0016")
        conn = db.session.connection()
        assert conn.execute(sa.text("SELECT start_offset, end_offset FROM analysis_coding")).one() == (0, 6)
        assert conn.execute(sa.text("SELECT body FROM analysis_memo")).scalar() == "Now"
        assert conn.execute(sa.text("SELECT memo_id, body FROM analysis_memo_revision")).one() == (
            memo_id, "Earlier wording")
        checkin = make_checkin_comment("Two calls so far; both helped.")
        conn = db.session.connection()
        conn.execute(sa.text("INSERT INTO analysis_coding (guid, checkin_id, code_id, created_at) "
                             "VALUES ('00000000-0000-0000-0000-000000000002', :k, :c, :t)"),
                     {"k": checkin.id, "c": code_id, "t": NOW})
        conn.execute(sa.text("INSERT INTO analysis_memo (checkin_id, body, created_at) VALUES (:k, 'On it', :t)"),
                     {"k": checkin.id, "t": NOW})
        db.session.commit()
        checkin_id = checkin.id
        with pytest.raises(sa.exc.IntegrityError):
            db.session.connection().execute(sa.text(
                "INSERT INTO analysis_coding (guid, checkin_id, answer_id, code_id, created_at) "
                "VALUES ('00000000-0000-0000-0000-000000000003', :k, :a, :c, :t)"),
                {"k": checkin_id, "a": answer_id, "c": code_id, "t": NOW})
        db.session.rollback()
        db.session.remove()

        downgrade(directory=migrations, revision=BEFORE, x_arg=["yes"])
        conn = db.session.connection()
        assert conn.execute(sa.text("SELECT count(*) FROM analysis_coding")).scalar() == 1
        assert conn.execute(sa.text("SELECT body FROM analysis_memo")).scalar() == "Now"
        assert conn.execute(sa.text("SELECT count(*) FROM analysis_memo_revision")).scalar() == 1
        db.session.remove()
        db.engine.dispose()
