"""Results: one survey's (organisers and the event's hosts), comparisons, and the impact report."""

from datetime import date

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.feedback import comparisons, export, results
from softlanding.blueprints.feedback.blueprint import bp
from softlanding.blueprints.feedback.forms import ReportForm
from softlanding.core import reference
from softlanding.core.access import fail, role_required
from softlanding.core.converters import sane_year
from softlanding.core.errors import DomainError
from softlanding.lib.charts import Bar, bar_chart


@bp.get("/<int:survey_id>/results")
@login_required
def survey_results(survey_id):
    """Response rate, distributions (SVG charts with data tables), means and free texts; no identities."""
    try:
        survey, summary, items = results.survey_results(survey_id, current_user)
    except DomainError as error:
        abort(error.status_code if error.status_code in (403, 404) else 400)
    charts = {}
    for item in items:
        if item.counts:
            # A suppressed cell ("<8", "[c]") is drawn empty and labelled as shown.
            bars = [Bar(label, n) if isinstance(n, int) else Bar(label, 0, str(n)) for label, n in item.counts.items()]
            charts[item.question.id] = bar_chart(
                bars, f"Answers to: {item.question.prompt}", f"{item.answered} answered.",
                chart_id=f"chart-q{item.question.id}")
    return render_template("feedback/results.html", survey=survey, summary=summary, items=items, charts=charts)


def _compare():
    category = request.args.get("category", "")
    if category not in reference.labels("event_category"):
        category = ""
    questions = comparisons.scale_questions()
    question = request.args.get("question", "overall")
    if question not in dict(questions):
        question = "overall"
    form = ReportForm(request.args)
    start = end = None
    for name in ("start", "end"):
        text = (request.args.get(name) or "").strip()
        if text:
            try:
                value = date.fromisoformat(text)
                if not sane_year(value.year):
                    raise ValueError
            except ValueError:
                getattr(form, name).errors = ["Enter the date as YYYY-MM-DD, e.g. 2026-04-01."]
                continue
            if name == "start":
                start = value
            else:
                end = value
    result = comparisons.compare(question, category or None, start, end)
    return form, category, questions, result


@bp.get("/compare")
@role_required("organiser")
def compare():
    """Any rating or scale question across the events of a category and a date range, and month by month."""
    form, category, questions, result = _compare()
    per_month = result["per_month"]
    chart = bar_chart([Bar(m["label"], m["share_top"] or 0, f"{m['share_top']}%") for m in per_month],
                      f"Share answering “{result['top_label']}” by month",
                      f"Percent of responses to “{result['prompt']}” giving the top answer.",
                      chart_id="chart-months", unit="", max_value=100) if per_month else None
    return render_template("feedback/compare.html", form=form, category=category, result=result,
                           questions=questions, chart=chart, categories=reference.choices("event_category"))


@bp.get("/compare.csv")
@role_required("organiser")
def compare_csv():
    """The same comparison as CSV."""
    _form, _category, _questions, result = _compare()
    return Response(comparisons.compare_csv(result), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="comparison.csv"'})


@bp.get("/<int:survey_id>/responses.csv")
@role_required("organiser")
def survey_responses_csv(survey_id):
    """One row per response, a column per question (an anonymous survey: no identity, day only)."""
    try:
        survey, text = export.responses_csv(survey_id, current_user)
    except DomainError as error:
        if error.status_code in (403, 404):
            abort(error.status_code)
        fail(error, category="warning")
        return redirect(url_for("feedback.survey_results", survey_id=survey_id))
    return Response(text, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="survey-{survey.id}-responses.csv"'})
