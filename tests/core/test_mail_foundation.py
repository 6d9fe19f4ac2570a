"""The mail service: messages join the outbox in the caller's transaction; dev writes .eml files."""

from softlanding.core.extensions import db
from softlanding.core.mailer import deliver_pending, queue_email
from softlanding.core.models import OutboxMessage
from tests.factories import make_user, read_mail


def test_rolled_back_change_sends_nothing_and_committed_one_is_delivered(app, ctx, mail_dir):
    user = make_user(email="m@example.org")
    db.session.commit()
    queue_email(user.email, "Will vanish", "verify_email", kind="verify_email", user=user, link="x", hours=1)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
    queue_email(user.email, "Will arrive", "verify_email", kind="verify_email", user=user, link="x", hours=1)
    db.session.commit()
    assert deliver_pending() == 1
    db.session.commit()
    messages = read_mail(mail_dir)
    assert [m["Subject"] for m in messages] == ["Will arrive"]
    assert messages[0].is_multipart()
    assert {p.get_content_type() for p in messages[0].walk()} >= {"text/plain", "text/html"}
    assert db.session.scalar(db.select(OutboxMessage.status)) == "sent"
    assert deliver_pending() == 0  # nothing is sent twice


def test_console_line_names_the_file_but_not_the_body(app, ctx, mail_dir, capsys):
    user = make_user(email="c@example.org")
    queue_email(user.email, "Confirm your email address", "verify_email", kind="verify_email", user=user,
                link="https://example.org/account/verify/SECRET-TOKEN", hours=1)
    db.session.commit()
    deliver_pending()
    out = capsys.readouterr().out
    assert "c@example.org" in out and ".eml" in out
    assert "SECRET-TOKEN" not in out
