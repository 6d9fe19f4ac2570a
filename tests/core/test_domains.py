"""Each domain registers itself through register(app): one blueprint per domain, one registry per app."""

import ast
import re
from pathlib import Path

from config import TestingConfig
from softlanding import DOMAINS, create_app
from softlanding.core.registry import get_registry

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "softlanding"


def test_every_domain_package_is_listed_and_is_its_blueprint(app):
    packages = sorted(p.name for p in (PACKAGE / "blueprints").iterdir() if (p / "__init__.py").exists())
    assert sorted(d.__name__.rsplit(".", 1)[1] for d in DOMAINS) == packages
    # One blueprint per domain, named as the domain; only the core adds "main" (home page, /healthz).
    assert set(app.blueprints) == set(packages) | {"main"}
    for name in packages:
        views = [e for e in app.view_functions if e.startswith(f"{name}.")]
        assert views, f"the {name} blueprint has no views"
        assert all(app.view_functions[e].__module__.startswith(f"softlanding.blueprints.{name}.") for e in views)


def test_two_apps_have_their_own_complete_registries(app):
    other = create_app(type("Other", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))
    mine, theirs = get_registry(app), get_registry(other)
    assert mine is not theirs
    # Registering a second app adds nothing twice and loses nothing (no import-time registries).
    assert list(mine.jobs) == list(theirs.jobs) == [
        "accounts_prune_sign_ins", "audit_retention", "data_exports", "account_retention",
        "event_reminders", "surveys", "mentoring_requests", "mentoring_nudges", "mentoring_meetings",
        "mentoring_checkins", "organiser_digest"]
    assert sorted(mine.notification_kinds) == sorted(theirs.notification_kinds)
    assert {"event_booked", "survey_invitation", "mentoring_proposal", "organiser_digest", "verify_email"} <= set(
        mine.notification_kinds)
    assert [e.label for e in mine.nav] == [e.label for e in theirs.nav]
    assert [e.label for e in mine.nav][:3] == ["Home", "Events", "My events"]
    assert mine.settings_sections == theirs.settings_sections == [
        "calendar/_settings_section.html", "feedback/_settings_section.html", "mentoring/_settings_section.html",
        "notifications/_settings_section.html"]
    assert [s.__name__ for s in mine.seeders] == [
        "seed_community", "seed_events", "seed_feedback", "seed_mentoring", "seed_analysis"]


def test_every_nav_entry_points_at_a_real_view(app):
    for entry in get_registry(app).nav:
        assert entry.endpoint in app.view_functions, entry


SCAFFOLDING = re.compile(r"except\s+ImportError|\bHAS_[A-Z_]+\b|register_kind\(|register_job\(|register_seeder\(")


def test_no_import_fallbacks_flags_or_import_time_registries_remain():
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for path in sorted(PACKAGE.rglob("*.py"))
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if SCAFFOLDING.search(line)]
    assert offenders == []


def test_no_module_does_work_when_imported():
    """Registration happens in register(app), never as a side effect of importing a module: no module-level
    calls (`register_kind(...)`, `LIST.append(...)`), no module-level `if` or `try` around them."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            call = isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            guarded = isinstance(node, ast.If) and "TYPE_CHECKING" not in ast.unparse(node.test)
            if call or guarded or isinstance(node, ast.Try):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node).splitlines()[0]}")
    assert offenders == []


def test_a_pair_sees_each_others_full_profile_through_the_registered_grant(app):
    from softlanding.blueprints.mentoring.space import sees_paired_profile

    assert get_registry(app).profile_grants == [sees_paired_profile]
