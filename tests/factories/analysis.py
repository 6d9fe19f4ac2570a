"""Rows for the analysis tests: post-event surveys with free-text answers, responses, codes and codings
(events come from factories.events)."""

import itertools
from datetime import UTC, datetime, timedelta

from softlanding.blueprints.analysis.models import Code, Coding
from softlanding.blueprints.feedback.models import Answer, Survey, SurveyQuestion, SurveyResponse
from softlanding.core.extensions import db

from .accounts import make_user

_seq = itertools.count(1)
BASE = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def make_analysis_survey(event=None, anonymous=False, title=None):
    """A survey with an overall rating, a long and a short free-text question, and a 0-10 scale."""
    survey = Survey(title=title or (f"Feedback: {event.title}" if event else "Needs survey"),
                    event_id=event.id if event else None, anonymous=anonymous, status="open")
    survey.questions = [
        SurveyQuestion(position=0, kind="rating", prompt="Overall, how was it?", code="overall"),
        SurveyQuestion(position=1, kind="long_text", prompt="What went well?", code="went_well"),
        SurveyQuestion(position=2, kind="short_text", prompt="What topics next?", code="next_topics"),
        SurveyQuestion(position=3, kind="scale10", prompt="How likely to recommend?", code="recommend"),
    ]
    db.session.add(survey)
    db.session.flush()
    return survey


def question(survey, code):
    """The survey's question with that code."""
    return next(q for q in survey.questions if q.code == code)


def make_response(survey, text="The portfolio tips helped me prepare for ARCP.", rating=5, user=None,
                  next_topics=None, submitted_on=None, career_stage="st1_4", region="london"):
    """A response; anonymous surveys get no user and no attributes, as the surveys area stores them."""
    if user is None and not survey.anonymous:
        user = make_user()
    response = SurveyResponse(
        survey_id=survey.id, user_id=None if survey.anonymous else user.id,
        submitted_on=submitted_on or BASE + timedelta(days=10),
        career_stage=None if survey.anonymous else career_stage, region=None if survey.anonymous else region)
    answers = []
    if rating is not None:
        answers.append(Answer(question_id=question(survey, "overall").id, number_value=rating))
    if text is not None:
        answers.append(Answer(question_id=question(survey, "went_well").id, text_value=text))
    if next_topics is not None:
        answers.append(Answer(question_id=question(survey, "next_topics").id, text_value=next_topics))
    answers.append(Answer(question_id=question(survey, "recommend").id, number_value=9))
    response.answers = answers
    db.session.add(response)
    db.session.flush()
    return response


def make_quiet_responses(survey, n=7, submitted_on=None):
    """`n` responses with a rating and no free text: an anonymous survey reaches the minimum of 8
    responses (before which its texts are withheld) without adding texts to the exports."""
    return [make_response(survey, text=None, rating=3, submitted_on=submitted_on) for _ in range(n)]


def text_answer(response):
    """The long free-text answer of a response."""
    return next(a for a in response.answers if a.text_value and a.question.code == "went_well")


def make_code(name=None, theme=None, is_theme=False, colour="#0b5563", definition=""):
    """A code (or a theme)."""
    code = Code(name=name or f"Code {next(_seq)}", is_theme=is_theme, colour=colour, definition=definition,
                parent_id=theme.id if theme else None)
    db.session.add(code)
    db.session.flush()
    return code


def make_coding(answer, code, start=None, end=None, user=None):
    """A coding of an answer (whole, or the span [start, end))."""
    coding = Coding(answer_id=answer.id, code_id=code.id, start_offset=start, end_offset=end,
                    created_by_id=user.id if user else None)
    db.session.add(coding)
    db.session.flush()
    return coding


def make_closing_comment(comment="My mentor helped me plan my ARCP evidence.", rating=5, side="mentee",
                         created_at=None):
    """A mentoring relationship that ended, with one side's closing comment (mentoring area's models)."""
    from softlanding.blueprints.mentoring.models import ClosingFeedback, Mentorship

    mentor, mentee = make_user(role="rep"), make_user()
    mentorship = Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, status="ended")
    db.session.add(mentorship)
    db.session.flush()
    row = ClosingFeedback(relationship_id=mentorship.id, author_id=(mentee if side == "mentee" else mentor).id,
                          author_side=side, rating=rating, comment=comment,
                          created_at=created_at or BASE + timedelta(days=20))
    db.session.add(row)
    db.session.flush()
    return row


def make_checkin_comment(comment="We met twice; the portfolio advice was the most useful part.", side="mentee",
                         stage="month_1", usefulness=4, created_at=None, full_name=None):
    """An active mentoring pair with one side's check-in carrying a comment (mentoring area's models)."""
    from softlanding.blueprints.mentoring.models import Mentorship
    from softlanding.blueprints.mentoring.models_pair import PairCheckin

    mentor, mentee = make_user(role="rep"), make_user(full_name=full_name)
    mentorship = Mentorship(mentor_id=mentor.id, mentee_id=mentee.id, status="active")
    db.session.add(mentorship)
    db.session.flush()
    row = PairCheckin(mentorship_id=mentorship.id, user_id=(mentee if side == "mentee" else mentor).id, side=side,
                      stage=stage, met="monthly", usefulness=usefulness, confidence=3, comment=comment,
                      created_at=created_at or BASE + timedelta(days=30))
    db.session.add(row)
    db.session.flush()
    return row
