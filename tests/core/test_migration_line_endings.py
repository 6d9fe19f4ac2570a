"""Migration 0009: answers and closing comments saved with CR LF (or a lone CR) become LF, and each
coding's offsets move so the span still holds the characters it was made on."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from softlanding import create_app
from softlanding.blueprints.analysis.models import Coding
from softlanding.blueprints.feedback.models import Answer
from softlanding.blueprints.mentoring.models import ClosingFeedback
from softlanding.core.extensions import db
from tests.conftest import make_config
from tests.factories import (
    make_analysis_survey,
    make_closing_comment,
    make_code,
    make_coding,
    make_event,
    make_response,
    text_answer,
)

OLD = "Thank you.\r\nThe Kaizen demo 🙏 helped.\r\nبہت شکریہ\rend"
NEW = "Thank you.\nThe Kaizen demo 🙏 helped.\nبہت شکریہ\nend"
# Spans on the old text and what each must hold afterwards: after the line breaks, across one, the
# whole of the Urdu, a span on the CR alone of a CR LF (it keeps the LF), and a span before any break.
SPANS = [("Kaizen demo 🙏", "Kaizen demo 🙏"), ("you.\r\nThe", "you.\nThe"), ("بہت شکریہ\rend", "بہت شکریہ\nend"),
         ("\r", "\n"), ("Thank", "Thank")]


def test_0009_rewrites_line_endings_and_moves_span_offsets(new_database, tmp_path):
    url = new_database()
    app = create_app(make_config(url, tmp_path / "mail"))
    migrations = str(app.root_path + "/../migrations")
    with app.app_context():
        # The rows are written through today's models (so at the head), then the schema goes back to
        # 0008, keeping them: later migrations may add columns the models write, which 0008 lacks.
        upgrade(directory=migrations)
        answer = text_answer(make_response(make_analysis_survey(make_event(days_ago=30)), OLD))
        plain = text_answer(make_response(make_analysis_survey(make_event(days_ago=20)), "One line, no break"))
        closing = make_closing_comment("Kind mentor\r\nشكراً 😊\r\n")
        code = make_code("Thanks")
        for old, _ in SPANS:
            make_coding(answer, code, OLD.index(old), OLD.index(old) + len(old))
        make_coding(plain, code, 4, 8)
        db.session.add(Coding(closing_feedback_id=closing.id, code_id=code.id, start_offset=13, end_offset=18))
        make_coding(answer, make_code("Whole"))
        db.session.commit()
        answer_id, plain_id = answer.id, plain.id
        db.session.remove()
        downgrade(directory=migrations, revision="0008", x_arg=["yes"])

        upgrade(directory=migrations)
        assert db.session.get(Answer, answer_id).text_value == NEW
        assert db.session.scalar(select(ClosingFeedback.comment)) == "Kind mentor\nشكراً 😊\n"
        rows = db.session.scalars(select(Coding).order_by(Coding.id)).all()
        on_answer = [NEW[c.start_offset:c.end_offset] for c in rows if c.answer_id == answer_id and not c.is_whole]
        assert on_answer == [new for _, new in SPANS]
        assert [(c.start_offset, c.end_offset) for c in rows if c.answer_id == plain_id] == [(4, 8)]
        assert ["Kind mentor\nشكراً 😊\n"[c.start_offset:c.end_offset] for c in rows if c.closing_feedback_id] == \
            ["شكراً"]
        assert [c.is_whole for c in rows if c.code.name == "Whole"] == [True]
        db.session.remove()
        db.engine.dispose()
