"""lf line endings: answer texts and closing comments store LF only; span offsets follow

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Browsers post line breaks as CR LF and the app stored them so, but a page shows (and a highlight
counts) the text with LF only, so every line break before a span shifted its saved offsets by one.
Forms now save LF; this rewrites the texts saved before (CR LF and a lone CR become LF) and moves
each coding's offsets left by the CR LF pairs whose CR lies before the offset, so a span keeps the
characters it meant. The rewrite is done row by row in Python so it is the same on SQLite and
PostgreSQL. Downgrade leaves the data as it is: LF text is valid under the earlier revisions too.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

answer = sa.table("answer", sa.column("id", sa.Integer), sa.column("text_value", sa.Text))
closing = sa.table("mentoring_closing_feedback", sa.column("id", sa.Integer), sa.column("comment", sa.Text))
coding = sa.table("analysis_coding", sa.column("id", sa.Integer), sa.column("answer_id", sa.Integer),
                  sa.column("closing_feedback_id", sa.Integer), sa.column("start_offset", sa.Integer),
                  sa.column("end_offset", sa.Integer))


def lf(text):
    """`text` with CR LF and lone CR as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def shifted(text, offset):
    """Where code-point `offset` into `text` lands once its line endings are LF."""
    # A CR LF whose CR is before the offset loses one character before it; an offset between CR and
    # LF counts the pair too, so it lands before the LF that remains.
    return offset - text[:offset + 1].count("\r\n")


def _rewrite(conn, table, text_column, coding_column):
    rows = conn.execute(sa.select(table.c.id, text_column).where(text_column.contains("\r"))).all()
    for row_id, text in rows:
        conn.execute(table.update().where(table.c.id == row_id).values({text_column.key: lf(text)}))
        spans = conn.execute(sa.select(coding.c.id, coding.c.start_offset, coding.c.end_offset)
                             .where(coding_column == row_id, coding.c.start_offset.is_not(None))).all()
        for coding_id, start, end in spans:
            new_start, new_end = shifted(text, start), shifted(text, end)
            # A span of a lone CR of a CR LF would vanish: it keeps the LF that remains.
            new_end = max(new_end, new_start + 1)
            if (new_start, new_end) != (start, end):
                conn.execute(coding.update().where(coding.c.id == coding_id)
                             .values(start_offset=new_start, end_offset=new_end))


def upgrade():
    conn = op.get_bind()
    _rewrite(conn, answer, answer.c.text_value, coding.c.answer_id)
    _rewrite(conn, closing, closing.c.comment, coding.c.closing_feedback_id)


def downgrade():
    pass
