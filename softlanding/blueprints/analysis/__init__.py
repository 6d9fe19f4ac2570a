"""Thematic analysis: the coding workspace, codebook, suggestions, review tables and exchange exports."""


def register(app):
    """Attach the analysis blueprint, nav and the demo seeder."""
    from softlanding.blueprints.analysis import (  # noqa: F401  (views)
        blind,
        codebook,
        demo,
        figures,
        home,
        memos,
        routes,
        routes_codebook,
        routes_export,
        routes_memos,
        routes_suggest,
        routes_team,
        routes_transcripts,
        workspace,
    )
    from softlanding.blueprints.analysis.blueprint import bp
    from softlanding.core import stamps
    from softlanding.core.registry import get_registry

    app.register_blueprint(bp)
    stamps.watch(figures.KIND, figures.TABLES)
    stamps.watch(workspace.PAGES_KIND, workspace.PAGES_TABLES)
    stamps.watch(codebook.CODES_KIND, {"analysis_code"})
    stamps.watch(blind.SAMPLES_KIND, blind.SAMPLES_TABLES)
    registry = get_registry(app)
    registry.add_nav("Feedback analysis", "analysis.index", "organiser", 80)
    registry.add_seeder(demo.seed_analysis)
    from softlanding.blueprints.analysis import privacy
    registry.add_privacy("analysis", privacy.export)
    registry.add_defaults(memos.stored_project)
    home.register_panels(registry)
