"""Migration 0014 (analysis): codes, codings and memos made before it survive it (SQLite rebuilds tables,
which would cascade-delete them if done carelessly), each code and coding gets its own GUID, the project
row exists, and a transcript turn can then be coded."""

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from softlanding import create_app
from softlanding.core.extensions import db
from tests.conftest import make_config
from tests.factories import make_analysis_survey, make_event, make_response, text_answer

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _before(revision):
    """The revision this one builds on (the chain is re-ordered as branches land)."""
    from pathlib import Path

    return ScriptDirectory(str(Path(__file__).resolve().parents[2] / "migrations")).get_revision(revision).down_revision


def test_0014_keeps_codings_and_memos_and_gives_them_guids(new_database, tmp_path):
    url = new_database()
    app = create_app(make_config(url, tmp_path / "mail"))
    migrations = str(app.root_path + "/../migrations")
    with app.app_context():
        # The answer is written at the head (the models know every later column), then the schema goes back
        # to just before 0014, where codes, codings and memos are written as that schema had them.
        upgrade(directory=migrations)
        answer_id = text_answer(make_response(make_analysis_survey(make_event(days_ago=30)), "Kaizen tips 🙏")).id
        db.session.commit()
        db.session.remove()
        downgrade(directory=migrations, revision=_before("0014"), x_arg=["yes"])
        conn = db.session.connection()
        for name in ("Portfolio", "ARCP"):
            conn.execute(sa.text("INSERT INTO analysis_code (name, definition, colour, is_theme, created_at) "
                                 "VALUES (:n, '', '#0b5563', false, :t)"), {"n": name, "t": NOW})
        codes = [r[0] for r in conn.execute(sa.text("SELECT id FROM analysis_code ORDER BY id"))]
        for code_id, span in zip(codes, ((0, 6), (None, None)), strict=True):
            conn.execute(sa.text("INSERT INTO analysis_coding (answer_id, code_id, start_offset, end_offset, created_at)"
                                 " VALUES (:a, :c, :s, :e, :t)"), {"a": answer_id, "c": code_id, "s": span[0],
                                                                   "e": span[1], "t": NOW})
        conn.execute(sa.text("INSERT INTO analysis_memo (code_id, body, created_at) VALUES (:c, 'A memo', :t)"),
                     {"c": codes[0], "t": NOW})
        db.session.commit()
        db.session.remove()

        upgrade(directory=migrations, revision="0014")
        conn = db.session.connection()
        code_guids = [r[0] for r in conn.execute(sa.text("SELECT guid FROM analysis_code ORDER BY id"))]
        coding_rows = conn.execute(sa.text("SELECT guid, start_offset FROM analysis_coding ORDER BY id")).all()
        assert len(set(code_guids)) == 2 and all(re.fullmatch(r"[0-9a-f-]{36}", g) for g in code_guids)
        assert [r[1] for r in coding_rows] == [0, None] and len({r[0] for r in coding_rows}) == 2
        assert conn.execute(sa.text("SELECT body FROM analysis_memo")).scalar() == "A memo"
        assert conn.execute(sa.text("SELECT count(*) FROM analysis_project")).scalar() == 1
        conn.execute(sa.text("INSERT INTO analysis_transcript (title, held_on, filename, content, pseudonyms, "
                             "created_at) VALUES ('T', :d, 't.txt', :b, '{}', :t)"),
                     {"d": date(2026, 3, 1), "b": b"A: hi", "t": NOW})
        transcript_id = conn.execute(sa.text("SELECT id FROM analysis_transcript")).scalar()
        conn.execute(sa.text("INSERT INTO analysis_turn (transcript_id, position, speaker, text) "
                             "VALUES (:t, 0, 'A', 'hi')"), {"t": transcript_id})
        turn_id = conn.execute(sa.text("SELECT id FROM analysis_turn")).scalar()
        conn.execute(sa.text("INSERT INTO analysis_coding (guid, turn_id, code_id, created_at) "
                             "VALUES ('00000000-0000-0000-0000-000000000001', :u, :c, :t)"),
                     {"u": turn_id, "c": codes[0], "t": NOW})
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
