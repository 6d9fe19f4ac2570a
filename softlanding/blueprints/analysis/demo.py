"""Demo analysis: a starter codebook (themes the organisers report to funders) with a first pass of coding.

Runs after the feedback seeder (extra.py imports it later). The first pass codes whole answers whose
words plainly match a code, as an organiser skimming the answers might, so the review tables, exports
and impact report have something to show; suggested themes are left for the organiser to try.
"""

import re

from sqlalchemy import select

from softlanding.blueprints.analysis.models import Code, Coding, Memo
from softlanding.blueprints.feedback.models import Answer, SurveyQuestion
from softlanding.core.extensions import db

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
    db.session.flush()
    return [f"Analysis: a codebook of {len(CODEBOOK)} themes and {len(patterns)} codes; "
            f"{codings} codings over {len(texts)} free-text answers."]
