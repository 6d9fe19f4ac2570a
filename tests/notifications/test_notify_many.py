"""notify_many: the same in-app notification and email as notify() per member, in bulk."""

from sqlalchemy import select

from softlanding.blueprints.notifications.models import Notification
from softlanding.blueprints.notifications.notify import notify_many, unsubscribe, unsubscribe_token
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.mailer import deliver_pending, external_url
from softlanding.core.models import OutboxMessage
from tests.factories import make_user, read_mail
from tests.factories.notifications import queue_message

CONTEXT = {"week": "2026-W48", "now": utcnow(), "external_url": external_url, "review": (0, []),
           "waiting": (0, []), "surveys": []}
COMPARED = ("kind", "sensitive", "to_addr", "user_id", "subject", "body_text", "body_html", "headers",
            "attachments", "status")


def _row(message):
    return {name: getattr(message, name) for name in COMPARED}


def test_notify_many_queues_what_notify_queues_for_each_member_and_respects_preferences(ctx, mail_dir):
    first, second, opted_out = make_user(full_name="Amira Khan"), make_user(full_name="Bilal اردو"), make_user()
    db.session.commit()
    unsubscribe(unsubscribe_token(opted_out, "organiser_digest"))
    db.session.commit()
    one_by_one = queue_message(first, subject="Weekly digest 🌟")
    expected = _row(one_by_one)
    db.session.delete(one_by_one)
    db.session.execute(Notification.__table__.delete())
    db.session.commit()

    queued = notify_many([first, second, opted_out, first], "organiser_digest", "Weekly digest 🌟",
                         "notifications_digest", endpoint="main.index", **CONTEXT)
    db.session.commit()

    assert queued == 2
    rows = {m.user_id: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(rows) == {first.id, second.id}
    assert _row(rows[first.id]) == expected  # identical to what notify() makes, unsubscribe link included
    assert "Bilal" in rows[second.id].body_text
    assert rows[second.id].headers["List-Unsubscribe"] != rows[first.id].headers["List-Unsubscribe"]
    notified = db.session.scalars(select(Notification.user_id).where(Notification.kind == "organiser_digest")).all()
    assert sorted(notified) == sorted([first.id, second.id, opted_out.id])  # in-app for everyone, once each
    assert deliver_pending() == 2
    assert sorted(m["To"] for m in read_mail(mail_dir)) == sorted([first.email, second.email])


def test_notify_many_with_nobody_queues_nothing(ctx):
    assert notify_many([], "organiser_digest", "Digest", "notifications_digest", **CONTEXT) == 0
    db.session.commit()
    assert db.session.scalar(select(OutboxMessage.id)) is None
