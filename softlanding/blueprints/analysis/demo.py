"""Demo analysis: a starter codebook (themes the organisers report to funders) with a first pass of coding.

Runs after the feedback seeder (extra.py imports it later). The first pass codes whole answers whose
words plainly match a code, as an organiser skimming the answers might, so the review tables, exports
and impact report have something to show; suggested themes are left for the organiser to try.
"""

import re
from datetime import date

from sqlalchemy import select

from softlanding.blueprints.analysis.models import Code, Coding, Memo, Project, Transcript, Turn
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import Answer, SurveyQuestion
from softlanding.core.extensions import db
from softlanding.lib.transcripts import parse

CODEBOOK = [
    # theme, colour, definition, [(code, colour, keywords regex)]
    ("Understanding portfolios and ARCP", "#1d4f91", "Better understanding of the e-portfolio and the ARCP.",
     [("Portfolio and Kaizen evidence", "#0b5563", r"portfolio|kaizen|evidence|reflection"),
      ("ARCP preparation", "#1d4f91", r"\barcp\b")]),
    ("Cultural differences between the NHS and overseas", "#5b3a8c",
     "Understanding how the NHS works compared with where members trained.",
     [("NHS culture and hierarchy", "#5b3a8c", r"culture|hierarch|speak(ing)? up|consultant"),
      ("Communication with families", "#8a2a5c", r"communicat|parent|famil")]),
    ("Confidence and performance at work", "#1e6b35", "Self-reported confidence and workplace performance.",
     [("Confidence", "#1e6b35", r"confiden|reassur|less anxious|nervous"),
      ("Interview success", "#7a4b00", r"interview|station|panel")]),
]
UNGROUPED = [("Exam preparation", "#b3261e", r"mrcpch|exam|revision|\bakp\b|\btas\b|\bfop\b")]
# A Zoom focus group: multi-line turns, Urdu and Arabic, emoji; speakers get pseudonyms.
FOCUS_GROUP = """WEBVTT

1
00:00:02.000 --> 00:00:06.000
Dr Amina Yusuf: Thank you all for coming. What helped most with ARCP?

2
00:00:06.500 --> 00:00:15.000
Tariq Mahmood: The portfolio walkthrough 🙏 I finally understood what evidence Kaizen needs.
بہت شکریہ

3
00:00:15.500 --> 00:00:24.000
Layla Haddad: For me the mock interview. شكراً جزيلاً — the panel felt real 😊

4
00:00:24.500 --> 00:00:30.000
Tariq Mahmood: And hearing that the hierarchy on the ward is normal here.
"""


def seed_analysis(ctx):
    """A starter codebook and a first pass of whole-answer coding over the demo answers."""
    organiser = ctx["organiser"]
    patterns = []
    for theme_name, colour, definition, codes in CODEBOOK:
        theme = Code(name=theme_name, colour=colour, definition=definition, is_theme=True,
                     created_by_id=organiser.id)
        db.session.add(theme)
        db.session.flush()
        for name, code_colour, pattern in codes:
            code = Code(name=name, colour=code_colour, parent_id=theme.id, created_by_id=organiser.id)
            db.session.add(code)
            patterns.append((code, re.compile(pattern, re.I)))
    for name, colour, pattern in UNGROUPED:
        code = Code(name=name, colour=colour, created_by_id=organiser.id)
        db.session.add(code)
        patterns.append((code, re.compile(pattern, re.I)))
    db.session.flush()
    texts = db.session.execute(select(Answer.id, Answer.text_value).join(SurveyQuestion)
                               .where(SurveyQuestion.kind.in_(("short_text", "long_text")),
                                      Answer.text_value.is_not(None))).all()
    codings = 0
    for answer_id, text in texts:
        for code, pattern in patterns:
            if text and pattern.search(text):
                db.session.add(Coding(answer_id=answer_id, code_id=code.id, created_by_id=organiser.id))
                codings += 1
    if patterns:
        db.session.add(Memo(code_id=patterns[0][0].id, created_by_id=organiser.id,
                            body="First pass by keyword. Read the extracts and refine before reporting."))
    codings += _focus_group(organiser, patterns)
    project = db.session.scalar(select(Project).order_by(Project.id).limit(1))
    if project is not None:
        project.memo = "Year one of coding feedback.\nCodes are revised monthly; see each code's memos."
    db.session.flush()
    return [f"Analysis: a codebook of {len(CODEBOOK)} themes and {len(patterns)} codes; "
            f"{codings} codings over {len(texts)} free-text answers."]


def _focus_group(organiser, patterns):
    """A demo transcript with pseudonyms and one span coded; returns the number of codings made."""
    event = db.session.scalar(select(Event).order_by(Event.starts_at).limit(1))
    transcript = Transcript(title="Focus group: getting through ARCP", event_id=event.id if event else None,
                            held_on=event.starts_at.date() if event else date(2026, 3, 14),
                            filename="focus-group.vtt", content=FOCUS_GROUP.encode(), created_by_id=organiser.id,
                            pseudonyms={"Dr Amina Yusuf": "Moderator", "Tariq Mahmood": "P1", "Layla Haddad": "P2"})
    db.session.add(transcript)
    db.session.flush()
    turns = [Turn(transcript_id=transcript.id, position=i, speaker=t.speaker, text=t.text, start_ms=t.start_ms)
             for i, t in enumerate(parse("focus-group.vtt", FOCUS_GROUP.encode()))]
    db.session.add_all(turns)
    db.session.flush()
    portfolio = patterns[0][0] if patterns else None
    if portfolio is None:
        return 0
    phrase = "what evidence Kaizen needs"
    start = turns[1].text.index(phrase)
    db.session.add(Coding(turn_id=turns[1].id, code_id=portfolio.id, start_offset=start, end_offset=start + len(phrase),
                          created_by_id=organiser.id))
    return 1
