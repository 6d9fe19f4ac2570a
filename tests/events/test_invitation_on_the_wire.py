"""An invitation over a real SMTP server: inline as the calendar alternative (Outlook) and attached (Gmail,
Apple Mail), both METHOD:REQUEST with the MIME method parameter."""

from softlanding.blueprints.events import booking as bookings
from softlanding.core.extensions import db
from softlanding.core.mailer import deliver_pending
from tests.factories import make_event, make_user
from tests.support.smtp_server import smtp_fixture  # noqa: F401  (the `smtp` fixture)


def test_booking_invitation_arrives_inline_and_attached(ctx, smtp):
    smtp.start()
    person = make_user(email="wire.invite@example.org")
    event = make_event(title="Invitation on the wire")
    bookings.book(person, event.id)
    db.session.commit()
    assert deliver_pending() >= 1
    [message] = [m for rcpts, m in smtp.inbox.received if rcpts == ["wire.invite@example.org"]]
    [alternative] = [p for p in message.walk() if p.get_content_type() == "multipart/alternative"]
    inline = [p for p in alternative.iter_parts() if p.get_content_type() == "text/calendar"]
    assert len(inline) == 1 and inline[0].get_param("method") == "REQUEST"
    assert "METHOD:REQUEST" in inline[0].get_content()
    [attached] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert attached.get_param("method") == "REQUEST" and attached.get_filename() == "invite.ics"
    assert message.get_body(("plain",)).get_content().startswith("Hello")  # the text body is still first
