"""Feedback: members answer surveys; organisers build templates and surveys, read results and the impact report."""


def register(app):
    """Attach the feedback blueprint, the surveys job, message kinds, nav and the demo seeder."""
    from softlanding.blueprints.feedback import (  # noqa: F401  (views)
        demo,
        home,
        interviews,
        jobs,
        outcomes,
        routes,
        routes_edit,
        routes_interviews,
        routes_manage,
        routes_outcomes,
        routes_report,
        routes_results,
        survey_templates,
        surveys,
    )
    from softlanding.blueprints.feedback.blueprint import bp
    from softlanding.blueprints.notifications.notify import add_kinds
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    registry = get_registry(app)
    registry.add_job("surveys", jobs.run_surveys)
    add_kinds(app, surveys.KINDS)
    registry.add_nav("Surveys", "feedback.my_surveys", "member", 70)
    registry.add_defaults(survey_templates.ensure_default_template)
    registry.add_defaults(outcomes.ensure_followup_templates)
    registry.add_settings_section("feedback/_settings_section.html")
    registry.add_seeder(demo.seed_feedback)
    from softlanding.blueprints.feedback import privacy
    registry.add_privacy("feedback", privacy.export, privacy.erase)
    home.register_panels(registry)
    from softlanding.blueprints.feedback import comparisons, desk, report_cache, results
    comparisons.watch()
    report_cache.watch()
    desk.watch()
    results.watch()
