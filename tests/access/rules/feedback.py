"""Access expectations for surveys: members answer their own; hosts see their events' results; organisers the rest."""

from datetime import date

from softlanding.blueprints.feedback import interviews, outcomes, survey_templates
from tests.factories import invite, make_code, make_event, make_survey, respond

from . import Rule, expect


def setup(ctx):
    """An open survey of an event the rep hosts (everyone invited, the newcomer has answered), a draft, templates."""
    users = ctx["users"]
    default = survey_templates.ensure_default_template()
    copy = survey_templates.copy_template(default.id, users["organiser"])
    event = make_event(host=users["rep"], days_ago=2)
    survey = make_survey(event, organiser=users["organiser"], open_now=True)
    for role in ("rep", "organiser", "admin"):
        invite(survey, users[role])
    respond(survey, users["newcomer"])
    theme = make_code(name="Understanding ARCP", is_theme=True)
    exam = outcomes.record_result(users["newcomer"], "fop", date(2026, 1, 10), 1, "awaiting")
    interview = interviews.record_interview(users["newcomer"], date(2026, 2, 3), "st1", "", today=date(2026, 3, 1))
    draft = make_survey(make_event(host=users["rep"], days_ago=2), organiser=users["organiser"])
    ctx.update(fb_default=default.id, fb_copy=copy.id, fb_question=copy.questions[0].id, fb_question2=copy.questions[1].id, fb_survey=survey.id,
               fb_draft=draft.id, fb_theme=theme.id, fb_exam=exam.id, fb_interview=interview.id, fb_draft_q=draft.questions[0].id, fb_draft_q2=draft.questions[1].id)


def _u(path):
    return lambda c: path.format(**c)


STAFF_POST = expect(anonymous="login", newcomer=403, rep=403, staff=302)
STAFF_PAGE = expect(anonymous="login", newcomer=403, rep=403, staff=200)

RULES = {
    "feedback.my_surveys": Rule("/surveys/", expect(anonymous="login", members=200)),
    "feedback.answer": Rule(_u("/surveys/{fb_survey}"), expect(anonymous="login", members=200)),
    "feedback.my_answers": Rule(_u("/surveys/{fb_survey}/my-answers"),
                                expect(anonymous="login", newcomer=200, rep=404, staff=404)),
    "feedback.survey_results": Rule(_u("/surveys/{fb_survey}/results"),
                                    expect(anonymous="login", newcomer=403, rep=200, staff=200)),
    "feedback.template_list": Rule("/surveys/templates", STAFF_PAGE),
    "feedback.template_edit": Rule(_u("/surveys/templates/{fb_copy}"), STAFF_PAGE),
    "feedback.template_copy": Rule(_u("/surveys/templates/{fb_default}/copy"), STAFF_POST, "POST"),
    "feedback.question_add": Rule(_u("/surveys/templates/{fb_copy}/questions"), STAFF_POST, "POST",
                                  {"prompt": "Anything else?", "kind": "long_text"}),
    "feedback.question_move": Rule(_u("/surveys/templates/{fb_copy}/questions/{fb_question2}/move"), STAFF_POST,
                                   "POST", {"direction": "down"}),
    "feedback.question_delete": Rule(_u("/surveys/templates/{fb_copy}/questions/{fb_question}/delete"),
                                     STAFF_POST, "POST"),
    "feedback.manage": Rule("/surveys/manage", STAFF_PAGE),
    "feedback.survey_new": Rule("/surveys/new", STAFF_PAGE),
    "feedback.survey_open": Rule(_u("/surveys/{fb_draft}/open"), STAFF_POST, "POST"),
    "feedback.survey_close": Rule(_u("/surveys/{fb_survey}/close"), STAFF_POST, "POST"),
    "feedback.survey_edit": Rule(_u("/surveys/{fb_draft}/edit"), STAFF_PAGE),
    "feedback.survey_question_add": Rule(_u("/surveys/{fb_draft}/questions"), STAFF_POST, "POST",
                                         {"prompt": "Anything else?", "kind": "long_text"}),
    "feedback.survey_question_edit": Rule(_u("/surveys/{fb_draft}/questions/{fb_draft_q}"), STAFF_PAGE),
    "feedback.survey_question_delete": Rule(_u("/surveys/{fb_draft}/questions/{fb_draft_q2}/delete"),
                                            STAFF_POST, "POST"),
    "feedback.survey_delete": Rule(_u("/surveys/{fb_draft}/delete"), STAFF_PAGE),
    "feedback.survey_open_confirm": Rule(_u("/surveys/{fb_draft}/open"), STAFF_PAGE),
    "feedback.survey_preview": Rule(_u("/surveys/{fb_draft}/preview"),
                                    expect(anonymous="login", newcomer=403, rep=200, staff=200)),
    "feedback.template_blank": Rule("/surveys/templates/blank", STAFF_POST, "POST"),
    "feedback.template_question_edit": Rule(_u("/surveys/templates/{fb_copy}/questions/{fb_question}"), STAFF_PAGE),
    "feedback.outcomes_exams": Rule("/surveys/outcomes/exams", expect(anonymous="login", members=200)),
    "feedback.outcomes_exam_update": Rule(_u("/surveys/outcomes/exams/{fb_exam}"),
                                          expect(anonymous="login", newcomer=302, rep=404, staff=404), "POST",
                                          {"component": "fop", "sat_on": "2026-01-10", "attempt": "1", "result": "passed"}),
    "feedback.outcomes_exam_delete": Rule(_u("/surveys/outcomes/exams/{fb_exam}/delete"),
                                          expect(anonymous="login", newcomer=302, rep=404, staff=404), "POST"),
    "feedback.outcomes_interview_add": Rule("/surveys/outcomes/interviews", expect(anonymous="login", members=302), "POST",
                                            {"interview_on": "2026-01-20", "level": "st3", "outcome": "offer"}),
    "feedback.outcomes_interview": Rule(_u("/surveys/outcomes/interviews/{fb_interview}"),
                                        expect(anonymous="login", newcomer=200, rep=404, staff=404)),
    "feedback.outcomes_interview_delete": Rule(_u("/surveys/outcomes/interviews/{fb_interview}/delete"),
                                               expect(anonymous="login", newcomer=302, rep=404, staff=404), "POST"),
    "feedback.compare": Rule("/surveys/compare", STAFF_PAGE),
    "feedback.compare_csv": Rule("/surveys/compare.csv", STAFF_PAGE),
    "feedback.survey_responses_csv": Rule(_u("/surveys/{fb_survey}/responses.csv"), STAFF_PAGE),
    "feedback.report": Rule("/surveys/report", STAFF_PAGE),
    "feedback.report_csv": Rule("/surveys/report.csv", STAFF_PAGE),
    "feedback.report_pdf_download": Rule("/surveys/report.pdf", STAFF_PAGE),
    "feedback.report_theme": Rule(_u("/surveys/report/themes/{fb_theme}"), STAFF_PAGE),
    "feedback.quote_pin": Rule(_u("/surveys/report/themes/{fb_theme}/pin"), STAFF_POST, "POST", {"answer": "0" * 16}),
    "feedback.quote_unpin": Rule(_u("/surveys/report/themes/{fb_theme}/unpin"), STAFF_POST, "POST", {"answer": "0" * 16}),
    "feedback.national_figures": Rule("/surveys/report/national", STAFF_PAGE),
}
