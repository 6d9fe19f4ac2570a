"""Reading what the app sent: the .eml files of the file mail backend (the SMTP tests' server parses the
wire bytes with the same `parse_mail`)."""

import email
from email import policy
from pathlib import Path


def parse_mail(raw):
    """An email.message.EmailMessage from the bytes of one message."""
    return email.message_from_bytes(raw, policy=policy.default)


def read_mail(mail_dir, subject=None, to=None, deliver=False):
    """Every delivered message, oldest first, as EmailMessage objects.

    subject: keep only messages whose Subject contains it; to: only those to that address;
    deliver: first send what waits in the outbox (and commit), as the mail runner would."""
    if deliver:
        from softlanding.core.extensions import db
        from softlanding.core.mailer import deliver_pending

        deliver_pending()
        db.session.commit()
    messages = [parse_mail(p.read_bytes()) for p in sorted(Path(mail_dir).glob("*.eml"))]
    return [m for m in messages
            if (subject is None or subject in m["Subject"]) and (to is None or m["To"] == to)]
