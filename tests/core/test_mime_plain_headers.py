"""Headers the MIME policy writes unparsed (core.mime._PLAIN) come out exactly as the policy's parser folds them,
and a hard message (non-ASCII subject and sender name, a long List-Unsubscribe, an invitation) is the same
message, byte for byte, as the stock policy builds."""

import base64
import re
from email import policy
from email.headerregistry import HeaderRegistry
from email.utils import format_datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from softlanding.core import mime
from softlanding.core.db import utcnow
from softlanding.core.models import OutboxMessage
from tests.factories.mail import parse_mail

STOCK = policy.default.clone(max_line_length=998)  # the stock header parser, nothing kept or skipped
WIRE = mime.MIME_POLICY.clone(linesep="\r\n")  # as smtplib flattens
PARSE = HeaderRegistry()


def _same_fold(name, value):
    made = mime.MIME_POLICY.header_factory(name, value)
    for pol in (mime.MIME_POLICY, WIRE):
        assert made.fold(policy=pol) == PARSE(name, value).fold(policy=pol)
    assert str(made) == str(PARSE(name, value))
    return made


@settings(max_examples=300, deadline=None)
@given(st.from_regex(mime._PLAIN["to"], fullmatch=True))
def test_a_bare_address_folds_as_the_parser_folds_it(value):
    _same_fold("To", value)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(mime._PLAIN["message-id"], fullmatch=True))
def test_a_message_id_folds_as_the_parser_folds_it(value):
    _same_fold("Message-ID", value)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(timezones=st.timezones()))
def test_a_date_folds_as_the_parser_folds_it(when):
    _same_fold("Date", format_datetime(when))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["Subject", "List-Unsubscribe", "List-Unsubscribe-Post"]),
       st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=1100))
def test_plain_or_not_every_value_folds_as_the_parser_folds_it(name, value):
    _same_fold(name, value)  # long, spaced, '=?...' or not: written plainly only where that is the same


def test_values_the_parser_must_see_are_parsed():
    for name, value in [("Subject", "=?utf-8?q?caf=C3=A9?="), ("Subject", "Réunion"), ("Subject", "two  spaces"),
                        ("To", "Amara <amara@example.org>"), ("To", "a..b@example.org"),
                        ("List-Unsubscribe", "<https://example.org/u/" + "x" * 990 + ">")]:
        assert not isinstance(_same_fold(name, value), mime._PlainHeader), (name, value)
    assert isinstance(_same_fold("To", "amara.okafor+mentoring@nhs.example.org"), mime._PlainHeader)


def _wire(message, pol):
    saved, mime.MIME_POLICY = mime.MIME_POLICY, pol
    try:
        raw = mime.build_mime(message).as_bytes(policy=pol.clone(linesep="\r\n"))
    finally:
        mime.MIME_POLICY = saved
    return raw


def _unbounded(raw):
    """`raw` with its random part boundaries made one fixed string (for comparing two builds)."""
    return re.sub(rb"===============\d+==", b"BOUNDARY", raw)


def test_a_hard_message_is_the_same_bytes_and_parses_to_the_same_headers_and_parts(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "PLATFORM_NAME", "Soft Landing — نرم لینڈنگ 🛬")
    invitation = base64.b64encode("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:ملاقات 🩺\r\nEND:VCALENDAR\r\n"
                                  .encode()).decode()
    unsubscribe = "<https://softlanding.example.org/notifications/unsubscribe/" + "t" * 900 + ">"
    message = OutboxMessage(
        id=42, kind="event_update", to_addr="dr.amara@example.org", created_at=utcnow(),
        subject="اجلاس: مینٹرنگ ملاقات — Réunion 🩺 " + "long " * 30,
        body_text="السلام علیکم\n" + "line " * 300 + "\n", body_html="<p>السلام علیکم 🩺</p>",
        headers={"List-Unsubscribe": unsubscribe, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        attachments=[{"filename": "invite.ics", "mimetype": "text/calendar; charset=utf-8; method=REQUEST",
                      "data_b64": invitation}])

    raw = _wire(message, mime.MIME_POLICY)
    assert _unbounded(raw) == _unbounded(_wire(message, STOCK))
    sent = parse_mail(raw)
    assert sent["Subject"] == message.subject and sent["From"].addresses[0].display_name == app.config["PLATFORM_NAME"]
    assert sent["To"] == "dr.amara@example.org" and sent["List-Unsubscribe"] == unsubscribe
    assert re.search(rb"^List-Unsubscribe: <https://[^\r\n]+>\r$", raw, re.M)  # one line, as RFC 8058 needs
    assert sent["Message-ID"] == f"<{message.created_at:%Y%m%d%H%M%S%f}.outbox42@softlanding.example.org>"
    assert [p.get_content_type() for p in sent.walk()] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar", "text/calendar"]
    assert sent.get_body(("plain",)).get_content().replace("\r\n", "\n") == message.body_text
    [inline] = [p for p in sent.walk() if p.get_content_type() == "text/calendar" and not p.get_filename()]
    assert inline.get_param("method") == "REQUEST" and "METHOD:REQUEST" in inline.get_content()
    [attached] = list(sent.iter_attachments())
    assert attached.get_filename() == "invite.ics" and "ملاقات 🩺" in attached.get_content()
