"""Raw data of one survey: one row per response, a column per question, answers as their labels.

A named survey's rows carry the respondent's name and the day they answered. An anonymous survey's
carry nothing that points to a person or to the order of answering: no name, no id, the day only,
rows in the survey's fixed HMAC order; and nothing at all until it has the minimum of responses.
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.feedback import anonymity
from softlanding.blueprints.feedback.models import Survey, SurveyResponse
from softlanding.blueprints.feedback.responses import answer_display
from softlanding.blueprints.feedback.surveys import get_survey
from softlanding.core import reference
from softlanding.core.errors import Conflict, PermissionDenied
from softlanding.core.extensions import db
from softlanding.lib.csvsafe import write_csv


def _responses(survey: Survey) -> list[SurveyResponse]:
    stmt = (select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)
            .options(selectinload(SurveyResponse.answers)).order_by(SurveyResponse.id))
    rows = list(db.session.scalars(stmt))
    if survey.anonymous:
        rows.sort(key=lambda r: anonymity.order_token(survey.id, r.id))
    return rows


def responses_csv(survey_id: int, viewer: User) -> tuple[Survey, str]:
    """(survey, CSV text) for an organiser; Conflict while an anonymous survey is below the minimum."""
    survey = get_survey(survey_id)
    if not (viewer.is_authenticated and viewer.is_organiser):
        raise PermissionDenied("Only organisers can download the answers.")
    rows = _responses(survey)
    if anonymity.withheld(survey, len(rows)):
        raise Conflict(f"The answers of this anonymous survey can be downloaded once {anonymity.minimum()} "
                       "people have answered.")
    questions = list(survey.questions)
    header: list[object] = [] if survey.anonymous else ["Respondent"]
    header += ["Answered on", "Career stage", "Region"] if not survey.anonymous else ["Answered on"]
    header += [q.prompt for q in questions]
    users = _names(rows) if not survey.anonymous else {}
    out = []
    for response in rows:
        by_question = {a.question_id: a for a in response.answers}
        row: list[object] = []
        if not survey.anonymous:
            row.append(users.get(response.user_id or 0, "Account deleted"))
        row.append(response.submitted_on.date().isoformat())
        if not survey.anonymous:
            row += [reference.label("career_stage", response.career_stage) if response.career_stage else "",
                    reference.label("region", response.region) if response.region else ""]
        row += [answer_display(q, by_question.get(q.id)) for q in questions]
        out.append(row)
    return survey, write_csv(out, header=header)


def _names(rows: list[SurveyResponse]) -> dict[int, str]:
    ids = {r.user_id for r in rows if r.user_id}
    if not ids:
        return {}
    return {uid: name for uid, name in db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))}
