"""default rows: the organisers' matching settings and the default post-event survey template

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Reading pages no longer creates these rows on first use (a GET never writes), so a database that
already ran the earlier migrations gets them here; `flask seed-reference` makes them on a new one.
Each is inserted only if missing. The values are frozen as they were at this revision, as data
migrations should be: later changes to the shipped defaults must not rewrite history.
Downgrade leaves the rows alone: by then organisers may have changed or used them.
"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

WEIGHTS = {"needs": 3.0, "exam": 2.0, "seniority": 1.5, "region": 1.0, "subspecialty": 1.0,
           "language": 1.0, "mode": 0.5, "gender": 1.0}
MUST_HAVES = ["gender"]
FLOOR = 0.35

TEMPLATE_NAME = "Post-event feedback"
TEMPLATE_DESCRIPTION = "Sent after every event unless an organiser picks another template."
# (code, kind, prompt, help_text, required)
QUESTIONS = [
    ("overall", "rating", "Overall, how would you rate this event?", "", True),
    ("useful", "scale5", "How useful was it to you? (1 = not at all, 5 = very useful)", "", True),
    ("went_well", "long_text", "What went well?", "What helped you most?", False),
    ("improve", "long_text", "What could be better?", "", False),
    ("topics_next", "short_text", "What topics would you like next?", "", False),
    ("confidence_before", "scale5", "How confident were you on this topic before the event? (1 to 5)", "", False),
    ("confidence_after", "scale5", "How confident are you on this topic now? (1 to 5)", "", False),
]

settings = sa.table('mentoring_settings', sa.column('id', sa.Integer), sa.column('weights', sa.JSON),
                    sa.column('must_haves', sa.JSON), sa.column('floor', sa.Float),
                    sa.column('updated_at', sa.DateTime(timezone=True)))
template = sa.table('survey_template', sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('description', sa.Text), sa.column('is_default', sa.Boolean),
                    sa.column('created_at', sa.DateTime(timezone=True)))
question = sa.table('template_question', sa.column('template_id', sa.Integer), sa.column('position', sa.Integer),
                    sa.column('kind', sa.String), sa.column('prompt', sa.String), sa.column('help_text', sa.String),
                    sa.column('required', sa.Boolean), sa.column('options', sa.JSON), sa.column('code', sa.String))


def _now(bind):
    # The app stores UTC; SQLite keeps it without an offset (see softlanding/core/db.py UTCDateTime).
    now = datetime.now(UTC)
    return now.replace(tzinfo=None) if bind.dialect.name == 'sqlite' else now


def upgrade():
    bind = op.get_bind()
    if bind.execute(sa.select(settings.c.id).limit(1)).first() is None:
        bind.execute(settings.insert().values(weights=WEIGHTS, must_haves=MUST_HAVES, floor=FLOOR,
                                              updated_at=_now(bind)))
    if bind.execute(sa.select(template.c.id).where(template.c.is_default.is_(True)).limit(1)).first() is None:
        template_id = bind.execute(template.insert().values(
            name=TEMPLATE_NAME, description=TEMPLATE_DESCRIPTION, is_default=True, created_at=_now(bind),
        ).returning(template.c.id)).scalar_one()
        bind.execute(question.insert(), [
            {"template_id": template_id, "position": position, "kind": kind, "prompt": prompt,
             "help_text": help_text, "required": required, "options": [], "code": code}
            for position, (code, kind, prompt, help_text, required) in enumerate(QUESTIONS)
        ])


def downgrade():
    pass
