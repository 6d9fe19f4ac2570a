"""The workspace filter form's choices: events, categories and questions that have free-text answers,
kept between requests under the figures' change stamp (figures.py), and the events' <option>s rendered
once per change (hundreds of events: rendering them was a tenth of the page)."""

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from softlanding.blueprints.analysis import figures
from softlanding.blueprints.analysis.selection import FREE_TEXT
from softlanding.blueprints.events.models import Event
from softlanding.blueprints.feedback.models import Survey, SurveyQuestion
from softlanding.core import reference
from softlanding.core.extensions import db
from softlanding.core.templating import format_datetime, viewer_timezone


def filter_choices():
    """Events, categories and questions that have free-text answers, for the filter form."""
    tz = viewer_timezone()  # the events' months are shown in the viewer's zone, so kept per zone
    events, categories, questions = figures.cached(f"choices:{tz}", lambda: _event_choices(tz))
    return {"events": events, "categories": categories, "questions": questions,
            "career_stages": reference.choices("career_stage"), "regions": reference.choices("region")}


def event_options(selected_id=None):
    """The filter form's event <option>s, with `selected_id` chosen: hundreds of events, so their HTML is
    rendered once per change of what they read (kept: figures.py) rather than on every page."""
    tz = viewer_timezone()
    html = figures.cached(f"event-options:{tz}", lambda: Markup(render_template(
        "analysis/_event_options.html", events=filter_choices()["events"])))
    if selected_id:
        value = int(selected_id)  # an int: nothing in it to escape, and it names one option exactly
        html = Markup(str(html).replace(f'<option value="{value}">', f'<option value="{value}" selected>', 1))
    return html


def _event_choices(tz):
    """([(id, title, month)] of events whose surveys ask for free text, [categories], [free-text questions])
    (kept: figures.py)."""
    with_text = (select(Survey.id).join(SurveyQuestion, SurveyQuestion.survey_id == Survey.id)
                 .where(SurveyQuestion.kind.in_(FREE_TEXT)))
    events = db.session.execute(select(Event.id, Event.title, Event.starts_at).join(Survey, Survey.event_id == Event.id)
                                .where(Survey.id.in_(with_text)).distinct().order_by(Event.starts_at.desc())).all()
    categories = db.session.scalars(select(Event.category).join(Survey, Survey.event_id == Event.id)
                                    .distinct().order_by(Event.category)).all()
    questions = db.session.scalars(select(SurveyQuestion.prompt).where(SurveyQuestion.kind.in_(FREE_TEXT))
                                   .distinct().order_by(SurveyQuestion.prompt)).all()
    return ([(e.id, e.title, format_datetime(e.starts_at, "%b %Y", tz=tz, with_zone=False)) for e in events],
            list(categories), list(questions))

