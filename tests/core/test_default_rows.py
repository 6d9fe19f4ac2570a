"""Default rows (matching settings, the default survey template) come from seed-reference and migration
0008, never from reading a page."""

from flask_migrate import upgrade
from sqlalchemy import func, select

from softlanding import create_app
from softlanding.blueprints.feedback import outcomes, survey_templates
from softlanding.blueprints.feedback.models import SurveyTemplate
from softlanding.blueprints.mentoring import offers
from softlanding.blueprints.mentoring.models import MatchingSettings
from softlanding.core.cli import ensure_defaults
from softlanding.core.extensions import db
from softlanding.lib.matching.criteria import DEFAULT_MUST_HAVES, DEFAULT_WEIGHTS
from tests.conftest import make_config
from tests.factories import make_user


def _counts():
    return (db.session.scalar(select(func.count()).select_from(MatchingSettings)),
            db.session.scalar(select(func.count()).select_from(SurveyTemplate).where(SurveyTemplate.is_default)))


def _drop_defaults():
    db.session.execute(MatchingSettings.__table__.delete())
    db.session.execute(SurveyTemplate.__table__.delete())
    db.session.commit()


def test_without_saved_settings_reading_gives_the_defaults_and_saving_makes_the_row(ctx):
    _drop_defaults()
    settings = offers.get_settings()
    assert offers.effective_weights(settings) == DEFAULT_WEIGHTS
    assert list(settings.must_haves) == list(DEFAULT_MUST_HAVES) and settings.floor == 0.35
    db.session.flush()
    assert _counts()[0] == 0  # read, not saved
    organiser = make_user(role="organiser")
    offers.update_settings(organiser, {**DEFAULT_WEIGHTS, "needs": 5}, ["gender"], 0.4)
    db.session.commit()
    assert _counts()[0] == 1
    assert offers.get_settings().weights["needs"] == 5


def test_settings_page_shows_the_defaults_without_saving_them(app, login_as):
    with app.app_context():
        _drop_defaults()
    page = login_as("organiser").get("/mentoring/organiser/settings")
    assert page.status_code == 200
    assert f'value="{DEFAULT_WEIGHTS["needs"]:g}"' in page.get_data(as_text=True)
    with app.app_context():
        assert _counts() == (0, 0)


def test_seed_reference_makes_each_default_row_once(app, runner):
    with app.app_context():
        _drop_defaults()
    for _ in range(2):
        result = runner.invoke(args=["seed-reference"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        assert _counts() == (1, 1)
        names = [t.name for t in survey_templates.list_templates()]
        # The default post-event template first, then the outcome follow-up templates, each once.
        assert names[0] == survey_templates.DEFAULT_NAME and len(names) == len(set(names))
        assert sorted(names[1:]) == sorted(name for name, _d, _q in outcomes.followup_templates())


def test_migration_0008_adds_the_shipped_defaults_to_a_database_that_already_ran_upgrade(new_database, tmp_path):
    url = new_database()
    app = create_app(make_config(url, tmp_path / "mail"))
    with app.app_context():
        upgrade(directory=str(app.root_path + "/../migrations"))
        assert _counts() == (1, 1)
        settings = db.session.scalar(select(MatchingSettings))
        assert settings.weights == DEFAULT_WEIGHTS and settings.must_haves == list(DEFAULT_MUST_HAVES)
        assert settings.floor == 0.35 and settings.updated_at.tzinfo is not None
        template = db.session.scalar(select(SurveyTemplate).where(SurveyTemplate.is_default))
        assert template.name == survey_templates.DEFAULT_NAME
        assert [(q.code, q.kind, q.prompt, q.help_text, q.required, q.options) for q in template.questions] == \
            [(code, kind, prompt, help_text, required, list(opts))
             for code, kind, prompt, help_text, required, opts in survey_templates.DEFAULT_QUESTIONS]
        ensure_defaults()  # `make run` runs seed-reference after upgrade: nothing doubles
        db.session.commit()
        assert _counts() == (1, 1)
        db.session.remove()
        db.engine.dispose()
