"""Delivery's bookkeeping costs one statement per message and one claim per batch, however many are sent:
an outbox that grew a statement per message would send every mailing that much slower."""

from sqlalchemy import event, func, select

from softlanding.core.extensions import db
from softlanding.core.mailer import deliver_due
from softlanding.core.models import OutboxMessage
from tests.factories import make_user
from tests.factories.notifications import queue_message
from tests.support.smtp_server import smtp_fixture  # noqa: F401  (the `smtp` fixture)


def _delivered_with_statements(count):
    users = [make_user() for _ in range(3)]
    for i in range(count):
        queue_message(users[i % 3], f"statement count {i}")
    db.session.commit()
    statements = []

    def seen(conn, cursor, statement, *args):
        if "outbox_message" in statement:
            statements.append(statement.split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        report = deliver_due()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert report.sent == count
    return statements


def test_one_statement_per_message_and_one_claim_per_batch(ctx, smtp, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BATCH_SIZE", 10)
    smtp.start()

    statements = _delivered_with_statements(25)

    # Batches of 10, 10 and 5, then a claim that finds nothing: 4 claims (WITH ... UPDATE) and, per batch,
    # the outcome of each message but the last stored with the next one's renewed claim, then the last alone.
    assert statements.count("WITH") == 4
    assert statements.count("UPDATE") == 25
    assert len(statements) == 29
    assert smtp.inbox.connections() == 3
    assert db.session.scalar(select(func.count()).where(OutboxMessage.status == "sent")) == 25
