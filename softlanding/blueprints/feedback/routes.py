"""Members: the surveys they are asked to answer, the answer form, their own answers."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.feedback import responses
from softlanding.blueprints.feedback.blueprint import bp
from softlanding.blueprints.feedback.responses import InvalidAnswers
from softlanding.core.access import fail, page_arg
from softlanding.core.errors import Conflict
from softlanding.core.forms import clean_formdata


@bp.get("/")
@login_required
def my_surveys():
    """Surveys I am asked to answer or have answered; for hosts, their events' results."""
    pagination = responses.my_invitations(current_user, page_arg(request))
    hosted = responses.hosted_surveys(current_user) if current_user.is_rep or current_user.is_organiser else []
    return render_template("feedback/my_surveys.html", pagination=pagination, hosted=hosted,
                           is_open=responses.is_open)


@bp.route("/<int:survey_id>", methods=["GET", "POST"])
@login_required
def answer(survey_id):
    """The survey form; a closed or already answered survey says so instead."""
    survey, invitation = responses.survey_for_respondent(survey_id, current_user)  # 403/404 as error pages
    errors = {}
    posted = clean_formdata(request.form)  # answers are free text: no control characters kept
    if request.method == "POST":
        try:
            responses.submit_response(survey_id, current_user, posted)
        except InvalidAnswers as error:
            fail(error)
            errors = error.errors
        except Conflict as error:
            fail(error, category="warning")
            return redirect(url_for("feedback.answer", survey_id=survey_id))
        else:
            flash("Thank you: your answers are saved.", "success")
            return redirect(url_for("feedback.my_surveys"))
    return render_template("feedback/answer.html", survey=survey, invitation=invitation,
                           open=responses.is_open(survey), errors=errors, form=posted,
                           choice_pairs=responses.choice_pairs)


@bp.get("/<int:survey_id>/my-answers")
@login_required
def my_answers(survey_id):
    """My own answers to one survey (never for anonymous surveys: nothing links them to me)."""
    survey, response, anonymous = responses.own_answers(survey_id, current_user)  # 403/404 as error pages
    answers = {a.question_id: a for a in response.answers} if response else {}
    return render_template("feedback/my_answers.html", survey=survey, response=response, anonymous=anonymous,
                           answers=answers, display=responses.answer_display)
