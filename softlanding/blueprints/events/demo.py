"""Demo events: a realistic term of webinars, workshops and mock interviews, past and upcoming."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from softlanding.blueprints.events import demo_desk
from softlanding.blueprints.events.models import Booking, Event, EventHost, EventResource, InterviewSlot
from softlanding.core.extensions import db

LONDON = ZoneInfo("Europe/London")

# (title, category, extra fields, description paragraphs, format, venue, capacity, stages, indicators)
EVENTS = [
    ("ARCP explained: what panels look for", "arcp", {}, "Outcome codes, evidence and the educational supervisor's report.", "online", "", 80, ["foundation_led", "st1_4"], ["4b"]),
    ("Preparing your first ARCP as an IMG", "arcp", {}, "A step-by-step plan for the months before your first review.", "online", "", 60, ["st1_4"], ["4b"]),
    ("ARCP outcome 2 or 3: what next?", "arcp", {}, "What an unexpected outcome means and how to plan the year ahead.", "online", "", 40, ["st1_4", "st5_7"], ["4b"]),
    ("Kaizen e-portfolio from scratch", "eportfolio", {}, "Setting up Kaizen, tagging the curriculum and planning assessments.", "online", "", 100, ["foundation_led", "st1_4"], ["4b"]),
    ("Reflective entries that count", "eportfolio", {}, "Writing reflections supervisors can sign off, with real examples.", "online", "", 60, ["st1_4"], ["4b"]),
    ("Supervised learning events without stress", "eportfolio", {}, "CbDs, mini-CEX and DOPS: who to ask and when.", "online", "", 50, ["foundation_led", "st1_4"], ["4b"]),
    ("FOP and TAS: a revision plan", "mrcpch", {"exam_component": "fop"}, "How to plan twelve weeks of revision around rota patterns.", "online", "", 120, ["foundation_led", "st1_4", "not_in_uk"], ["4a"]),
    ("Theory and Science question workshop", "mrcpch", {"exam_component": "tas"}, "Worked questions on physiology, pharmacology and statistics.", "online", "", 80, ["st1_4"], ["4a"]),
    ("AKP: applying knowledge in practice", "mrcpch", {"exam_component": "akp"}, "Clinical reasoning questions and how to pace the paper.", "online", "", 80, ["st1_4"], ["4a"]),
    ("MRCPCH Clinical: communication stations", "mrcpch", {"exam_component": "clinical"}, "Practice with role players on breaking news and consent.", "hybrid", "Alder Hey Children's Hospital, Liverpool", 16, ["st1_4"], ["4a"]),
    ("MRCPCH Clinical: developmental assessment", "mrcpch", {"exam_component": "clinical"}, "A structured approach to the development station.", "in_person", "Birmingham Children's Hospital education centre", 12, ["st1_4"], ["4a"]),
    ("MRCPCH Clinical: video station practice", "mrcpch", {"exam_component": "clinical"}, "Describing signs on video clips, with feedback.", "online", "", 30, ["st1_4"], ["4a"]),
    ("Mock interviews: ST1 entry", "mock_interview", {"interview_level": "st1"}, "One-to-one mock interviews with feedback from consultants.", "online", "", None, ["foundation_led", "not_in_uk"], ["4c"]),
    ("Mock interviews: ST3 entry", "mock_interview", {"interview_level": "st3"}, "Clinical and portfolio stations, thirty minutes each.", "online", "", None, ["st1_4"], ["4c"]),
    ("Mock interviews: ST4 entry", "mock_interview", {"interview_level": "st4"}, "Leadership and management questions with candid feedback.", "online", "", None, ["st1_4"], ["4c"]),
    ("Mock interviews: sub-specialty recruitment", "mock_interview", {"interview_level": "subspecialty"}, "Preparing the portfolio review and the panel interview.", "online", "", None, ["st1_4", "st5_7"], ["4c"]),
    ("Interview skills: the portfolio station", "mock_interview", {"interview_level": "st1"}, "A group session on presenting your portfolio.", "online", "", 60, ["foundation_led"], ["4c"]),
    ("Welcome to the NHS: your first weeks", "induction", {}, "Rotas, handover, on-call and who to ask for help.", "online", "", 200, ["not_in_uk", "foundation_led"], []),
    ("IT systems induction: EPR, prescribing and results", "induction", {}, "Electronic records, e-prescribing and requesting tests.", "online", "", 150, ["not_in_uk", "foundation_led"], []),
    ("Paediatric specialty induction day", "induction", {}, "Safeguarding, sepsis pathways and the paediatric ward round.", "in_person", "Leeds General Infirmary, Clarendon Wing", 40, ["foundation_led", "st1_4"], []),
    ("Communication in the NHS: language and culture", "induction", {}, "Hierarchy, speaking up and everyday phrases on the ward.", "online", "", 150, ["not_in_uk", "foundation_led"], []),
    ("GMC Welcome to UK Practice: what to expect", "induction", {}, "Why to book the GMC session and how to get the most from it.", "online", "", 150, ["not_in_uk"], []),
    ("Academic paediatrics: routes in for IMGs", "academic", {}, "Academic clinical fellowships, lectureships and funding.", "online", "", 60, ["st1_4", "st5_7"], ["1C"]),
    ("Getting your first paper published", "academic", {}, "Audits, case reports and turning them into publications.", "online", "", 60, ["foundation_led", "st1_4"], ["1C"]),
    ("Teaching skills for trainees", "academic", {}, "Teaching on the ward and getting it recognised.", "online", "", 50, ["st1_4", "st5_7"], ["1C"]),
    ("Wellbeing: settling in far from home", "wellbeing_culture", {}, "Loneliness, family and finding community in a new country.", "online", "", 80, ["not_in_uk", "foundation_led", "st1_4"], []),
    ("Cultural differences in NHS teams", "wellbeing_culture", {}, "Feedback culture, first names and challenging seniors.", "online", "", 100, ["foundation_led", "st1_4"], []),
    ("Managing burnout on a busy rota", "wellbeing_culture", {}, "Practical steps and where to find support.", "online", "", 60, ["st1_4", "st5_7", "sas"], []),
    ("Ramadan on the rota", "wellbeing_culture", {}, "Fasting and shift work: planning with your team.", "online", "", 60, ["foundation_led", "st1_4", "sas"], []),
    ("Pay, pensions and tax for new NHS doctors", "other", {}, "Payslips, pension choices and tax codes explained.", "online", "", 120, ["not_in_uk", "foundation_led"], []),
    ("Visas and family: a Q&A", "other", {}, "Health and Care Worker visas, dependants and indefinite leave.", "online", "", 120, ["not_in_uk", "foundation_led"], []),
    ("Regional meet-up: North West", "other", {}, "An informal evening to meet reps and other newcomers.", "in_person", "Manchester Royal Infirmary, Education Centre", 30, [], []),
    ("Regional meet-up: London", "other", {}, "An informal evening to meet reps and other newcomers.", "in_person", "Evelina London Children's Hospital", 30, [], []),
    ("SAS doctors: career options", "other", {}, "Specialty doctor roles, CESR and the portfolio pathway.", "online", "", 60, ["sas", "foundation_led"], []),
    ("Mock ARCP panel", "arcp", {}, "Volunteers present their portfolio to a mock panel of reps.", "online", "", 10, ["st1_4"], ["4b"]),
    ("E-portfolio drop-in clinic", "eportfolio", {}, "Bring your Kaizen questions; reps share their screens.", "online", "", 40, ["foundation_led", "st1_4"], ["4b"]),
    ("FOP: last-month tips", "mrcpch", {"exam_component": "fop"}, "High-yield topics and exam-day routine.", "online", "", 150, ["not_in_uk", "foundation_led"], ["4a"]),
    ("Mock interviews: ST2 entry", "mock_interview", {"interview_level": "st2"}, "One-to-one practice for ST2 applications.", "online", "", 2, ["foundation_led", "st1_4"], ["4c"]),
]
# Offsets in days from today (negative: past), one per event; spread over a term of ~20 weeks.
OFFSETS = [-60, 12, -25, -70, 5, 33, -45, 19, 40, -18, 26, 54, -38, 9, 47, -11, 61, -75, -52, 16,
           -30, 2, -20, 68, 30, -66, -5, 23, -33, 40, -58, -14, 44, 75, 3, -8, 36, 1]


def _start(day_offset, in_person):
    local_day = (datetime.now(LONDON) + timedelta(days=day_offset)).date()
    if in_person:  # in-person events on Saturdays from 09:30
        local_day += timedelta(days=(5 - local_day.weekday()) % 7)
        return datetime.combine(local_day, time(9, 30), LONDON).astimezone(UTC), timedelta(hours=6)
    return datetime.combine(local_day, time(18, 30), LONDON).astimezone(UTC), timedelta(hours=1, minutes=30)


def seed_events(ctx):
    """~40 events in every category, hosted by the reps, with bookings, waitlists, attendance and slots."""
    rng, reps, newcomers = ctx["rng"], ctx["reps"], ctx["newcomers"]
    now = datetime.now(UTC)
    made, booked, waiting = [], 0, 0
    for index, (title, category, extra, text, fmt, venue, capacity, stages, indicators) in enumerate(EVENTS):
        host = reps[index % len(reps)]
        start, length = _start(OFFSETS[index % len(OFFSETS)], fmt == "in_person")
        status = "published"
        if index in (7, 29):
            status = "cancelled"
        event = Event(
            title=title, category=category, description_html=f"<p>{text}</p><p>Hosted by IMG paediatricians "
            "who have been through it. Questions welcome.</p>", starts_at=start, ends_at=start + length,
            timezone="Europe/London", format=fmt, venue=venue,
            join_link=f"https://meet.example.org/softlanding-{index + 1}" if fmt != "in_person" else "",
            capacity=capacity, career_stages=stages, mwres_indicators=indicators, status=status,
            host_id=host.id, published_at=start - timedelta(days=21), sequence=1 if status == "published" else 2,
            cancel_reason="The host is on call that evening; a new date will follow." if status == "cancelled" else "",
            **extra,
        )
        event.cohosts.append(EventHost(user_id=reps[(index + 5) % len(reps)].id))
        db.session.add(event)
        made.append(event)
    # Two drafts waiting for the organisers.
    for title, rep in (("Neonatal induction for IMGs", reps[0]), ("Writing a CESR portfolio", reps[4])):
        start, length = _start(50, False)
        made.append(Event(title=title, category="induction" if "Neonatal" in title else "other",
                          description_html="<p>Draft: details to follow.</p>", starts_at=start, ends_at=start + length,
                          timezone="Europe/London", format="online", capacity=60, career_stages=[],
                          mwres_indicators=[], status="submitted", host_id=rep.id, sequence=1))
        db.session.add(made[-1])
    db.session.flush()
    for event in made:
        if event.status == "submitted":
            continue
        seats = event.capacity or 12
        wanted = min(len(newcomers), seats + rng.randint(2, 6) if event.capacity and event.capacity <= 16
                     else rng.randint(4, min(len(newcomers), 18)))
        people = rng.sample(newcomers, wanted)
        for position, person in enumerate(people):
            full = event.capacity is not None and position >= event.capacity
            past = event.ends_at < now
            db.session.add(Booking(
                event_id=event.id, user_id=person.id, status="waitlisted" if full else "booked",
                created_at=event.starts_at - timedelta(days=20) + timedelta(hours=position),
                attended=(rng.random() < 0.8) if past and not full and event.status == "published" else None,
            ))
            booked += not full
            waiting += full
        if event.category == "mock_interview" and (event.capacity is None or event.capacity <= 16):
            # Only people holding a place hold a slot, and never more slots than places: a full
            # mock-interview event shows every slot taken and people waiting.
            _slots(event, reps, people[:seats], rng, limit=event.capacity or 12)
        if event.ends_at < now and event.status == "published" and rng.random() < 0.6:
            event.recording_url = f"https://video.example.org/softlanding/{event.id}"
            event.resources.append(EventResource(label="Slides (PDF)", url=f"https://example.org/slides/{event.id}.pdf"))
            event.resources_public = rng.random() < 0.5
    db.session.flush()
    ctx["events"] = made
    past = sum(1 for e in made if e.ends_at < now)
    return [f"Events: {len(made)} ({past} past, {len(made) - past} upcoming or waiting for review), "
            f"{booked} places booked, {waiting} on waitlists, attendance taken for past events.",
            *demo_desk.seed_desk(ctx)]


def _slots(event, reps, people, rng, limit=12):
    """Up to three interviewers, four 30-minute slots each (at most `limit`); most booked by people booked."""
    interviewers = rng.sample(reps, 3)
    candidates = iter(people)
    per_interviewer = min(4, int((event.ends_at - event.starts_at).total_seconds() // 1800))  # inside the event
    made = 0
    for interviewer in interviewers:
        for i in range(per_interviewer):
            if made >= limit:
                return
            made += 1
            slot = InterviewSlot(event_id=event.id, interviewer_id=interviewer.id,
                                 starts_at=event.starts_at + timedelta(minutes=30 * i), length_minutes=30)
            if rng.random() < 0.7:
                person = next(candidates, None)
                if person is not None:
                    slot.booked_by_id, slot.booked_at = person.id, event.starts_at - timedelta(days=10)
            db.session.add(slot)
