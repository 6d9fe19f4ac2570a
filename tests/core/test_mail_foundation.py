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


def _built(message, policy):
    """The bytes build_mime makes for `message` under `policy`, with the random part boundaries fixed."""
    import re

    from softlanding.core import mime

    saved, mime.MIME_POLICY = mime.MIME_POLICY, policy
    try:
        raw = bytes(mime.build_mime(message))
    finally:
        mime.MIME_POLICY = saved
    return re.sub(rb"===============\d+==", b"BOUNDARY", raw)


def test_headers_parsed_once_for_every_message_give_the_same_bytes_as_parsing_each(app, ctx):
    import base64
    from email import policy

    from softlanding.core.db import utcnow
    from softlanding.core.mailer import MIME_POLICY

    uncached = policy.default.clone(max_line_length=998)
    invitation = base64.b64encode(b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n").decode()
    messages = [
        OutboxMessage(id=7 + i, kind="event_update", to_addr=to, subject=subject, body_text=f"Bonjour {i} é\n",
                      body_html=f"<p>Bonjour {i} é</p>", created_at=utcnow(),
                      headers={"List-Unsubscribe": f"<https://example.org/u/{i}>",
                               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                      attachments=[{"filename": "event.ics", "mimetype": "text/calendar; method=REQUEST",
                                    "data_b64": invitation}] if i % 2 else [])
        for i, (to, subject) in enumerate([("a@example.org", "Plain"), ("b@example.org", "Réunion à 18 h"),
                                           ("c@example.org", "Plain"), ("d@example.org", "A " + "long " * 80)])
    ]
    first = _built(messages[0], MIME_POLICY)
    for message in messages:
        assert _built(message, MIME_POLICY) == _built(message, uncached)
    assert _built(messages[0], MIME_POLICY) == first  # building others changed nothing in a shared header
