"""Demo life after the match: messages (multi-line, Urdu, Arabic, emoji), contact choices, planned
meetings (one across the clocks going forward, one late in the evening), check-ins with a problem."""

from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from softlanding.blueprints.mentoring.models_pair import ContactChoice, PairCheckin, PairMessage, PlannedMeeting
from softlanding.core.extensions import db

LONDON = ZoneInfo("Europe/London")
THREAD = [
    ("mentor", "Welcome! I'm glad we're paired.\nWhen suits you for a first video call?"),
    ("mentee", "Thank you 🙏 Thursday evening works. السلام عليكم"),
    ("mentor", "Perfect. Bring your Kaizen questions; we'll go through the ARCP checklist together."),
    ("mentee", "شکریہ! I have started my ePortfolio.\n- Two CBDs done\n- One mini-CEX booked"),
]


def _next_spring_forward(now):
    """18:30 London time on the Sunday the clocks next go forward (the last Sunday in March)."""
    year = now.year + (1 if now.month > 3 else 0)
    day = datetime(year, 3, 31, 18, 30, tzinfo=LONDON)
    while day.weekday() != 6:
        day -= timedelta(days=1)
    return day.astimezone(ZoneInfo("UTC"))


def seed_after_match(active, now, uid_domain):
    """Messages, contact choices, meetings and check-ins for the demo's active pairs; summary lines."""
    for row in active:
        for k, (side, text) in enumerate(THREAD):
            db.session.add(PairMessage(mentorship_id=row.id, author_id=getattr(row, f"{side}_id"), body=text,
                                       created_at=row.started_at + timedelta(days=1, hours=k)))
        db.session.add(ContactChoice(user_id=row.mentee_id, share_email=True))
    first, second = active[0], active[1]
    db.session.add(ContactChoice(user_id=first.mentor_id, share_phone=True, phone="+44 7700 900123",
                                 share_video=True, video_link="https://meet.example.org/demo-mentor"))
    db.session.add(PlannedMeeting(mentorship_id=first.id, proposed_by_id=first.mentee_id, status="accepted",
                                  starts_at=_next_spring_forward(now), minutes=60, mode="video",
                                  link="https://meet.example.org/demo-mentor", uid=f"demo-{uuid4().hex}@{uid_domain}"))
    late = (now + timedelta(days=5)).astimezone(LONDON).replace(hour=23, minute=15, second=0, microsecond=0)
    db.session.add(PlannedMeeting(mentorship_id=second.id, proposed_by_id=second.mentor_id, status="proposed",
                                  starts_at=late.astimezone(ZoneInfo("UTC")), minutes=90, mode="phone",
                                  uid=f"demo-{uuid4().hex}@{uid_domain}"))
    for row, side, useful, problem, comment in (
            (first, "mentee", 5, False, "Really helpful.\nI finally understand what my ARCP panel wants."),
            (first, "mentor", 4, False, "ما شاء الله، تقدّم ممتاز.\nNext month: a mock ARCP panel together."),
            (second, "mentee", 2, True, "Our rotas never match; we have met once. Can someone help? 😟\n"
                                        "ہم صرف ایک بار ملے ہیں۔")):
        db.session.add(PairCheckin(mentorship_id=row.id, user_id=getattr(row, f"{side}_id"), side=side,
                                   stage="month_1", met="once" if problem else "monthly", usefulness=useful,
                                   confidence=3 if problem else 4, problem=problem, comment=comment,
                                   created_at=row.started_at + timedelta(days=31)))
    db.session.flush()
    return [f"Mentoring after the match: {len(THREAD) * len(active)} messages, 2 planned meetings "
            "(one across the clocks going forward, one at 23:15), 3 check-ins (one reports a problem)."]
