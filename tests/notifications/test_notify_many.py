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


def test_each_member_gets_their_own_unsubscribe_link_in_both_parts_of_a_bulk_mailing(ctx):
    members = [make_user() for _ in range(3)]
    db.session.commit()

    notify_many(members, "organiser_digest", "Digest", "notifications_digest", endpoint="main.index", **CONTEXT)
    db.session.commit()

    rows = list(db.session.scalars(select(OutboxMessage)))
    links = {row.headers["List-Unsubscribe"].strip("<>") for row in rows}
    assert len(links) == 3  # one per member
    for row in rows:
        link = row.headers["List-Unsubscribe"].strip("<>")
        assert f"one click: {link}\n" in row.body_text  # the plain-text footer carries this member's link
        assert f'href="{link}"' in row.body_html
        others = links - {link}
        assert not any(other in row.body_text or other in row.body_html for other in others)


def test_an_optional_kind_with_private_text_is_kept_sensitive_in_bulk_as_one_by_one(ctx, app, monkeypatch):
    from softlanding.blueprints.notifications.notify import Kind, notify
    from softlanding.core.registry import get_registry

    private = Kind("zz_private_optional", "Private optional kind (tests)", "Tests", sensitive=True)
    monkeypatch.setitem(get_registry(app).notification_kinds, private.code, private)
    member = make_user()
    db.session.commit()

    one = notify(member, private.code, "Private", "notifications_digest", endpoint="main.index", **CONTEXT)
    notify_many([member], private.code, "Private", "notifications_digest", endpoint="main.index", **CONTEXT)
    db.session.commit()

    assert one.sensitive  # the admin outbox never shows its body
    assert [row.sensitive for row in db.session.scalars(select(OutboxMessage))] == [True, True]


def test_templates_see_each_member_as_their_account_shows_them(ctx):
    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.notifications.recipients import load_recipients

    named = make_user(full_name="Amira Khan")
    named.profile.display_name, named.profile.timezone = "Dr Amira", "Asia/Karachi"
    plain = make_user(full_name="Bilal Ahmed")
    plain.profile.display_name = ""
    bare = make_user(full_name="No Profile")
    db.session.delete(bare.profile)
    db.session.commit()
    ids = [bare.id, named.id, plain.id, 999_999]  # and an id with no account

    recipients = load_recipients(ids)

    db.session.expire_all()
    accounts = [db.session.get(User, i) for i in ids[:3]]
    assert [r.id for r in recipients] == ids[:3]  # in the order asked, the missing one left out
    for recipient, account in zip(recipients, accounts, strict=True):
        assert (recipient.email, recipient.full_name, recipient.display_name, recipient.timezone) == (
            account.email, account.full_name, account.display_name, account.timezone)
        assert recipient.created_at == account.created_at  # anything else: read from the account
    assert [r.display_name for r in recipients] == ["No Profile", "Dr Amira", "Bilal Ahmed"]
    assert recipients[1].timezone == "Asia/Karachi" and recipients[0].timezone == "Europe/London"
