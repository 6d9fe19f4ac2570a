"""What each domain adds to the app: jobs, notification kinds, navigation, settings sections,
default rows and demo seeders.

A domain's `register(app)` fills the app's one `Registry` (kept in `app.extensions`); nothing is
registered by importing a module, so the order is the order of `DOMAINS` in `create_app`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, current_app

Job = Callable[[datetime], int]
Seeder = Callable[[dict[str, Any]], list[str]]
# (viewer, owner) -> whether a relationship lets viewer see owner's full profile (mentor and mentee).
ProfileGrant = Callable[[Any, Any], bool]
# user -> {file stem: JSON-able data}: what a domain holds about one member, for "download my data".
Exporter = Callable[[Any], dict[str, Any]]
# (user, context) -> None: remove or anonymise a domain's personal data of one member (flush, no commit).
Eraser = Callable[[Any, Any], None]
# user -> None: what a domain does when a member is suspended (release held places, tell others).
SuspensionHook = Callable[[Any], None]
# (user, role) -> [plain sentences]: what the person still holds that the role gave them.
Holdings = Callable[[Any, str], list[str]]

# Who a navigation entry is for: everyone, signed-out visitors, members, reps, organisers, admins.
AUDIENCES = ("all", "anonymous", "member", "rep", "organiser", "admin")
# Who a home panel is for: every member, newcomers without another role, reps, organisers, admins.
HOME_AUDIENCES = ("member", "newcomer", "rep", "organiser", "admin")
# (user) -> a small, capped template context for a home panel, or None when it has nothing to say.
HomeBuilder = Callable[[Any], dict[str, Any] | None]


@dataclass(frozen=True)
class NavEntry:
    """One link in the header: its label, its endpoint, who sees it, and where it stands (low first)."""

    label: str
    endpoint: str
    who: str
    position: int


@dataclass(frozen=True)
class HomePanel:
    """One panel of the signed-in home page: who sees it, what builds it, the partial that draws it.

    `build(user)` runs a fixed number of queries (capped lists, counts), whatever the data."""

    key: str
    who: str
    build: HomeBuilder
    template: str
    position: int


@dataclass
class Registry:
    """Everything the domains registered on one app."""

    jobs: dict[str, Job] = field(default_factory=dict)
    notification_kinds: dict[str, Any] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)
    settings_sections: list[str] = field(default_factory=list)
    seeders: list[Seeder] = field(default_factory=list)
    defaults: list[Callable[[], object]] = field(default_factory=list)
    profile_grants: list[ProfileGrant] = field(default_factory=list)
    exporters: dict[str, Exporter] = field(default_factory=dict)
    erasers: dict[str, Eraser] = field(default_factory=dict)
    suspension_hooks: list[SuspensionHook] = field(default_factory=list)
    holdings: list[Holdings] = field(default_factory=list)
    home_panels: list[HomePanel] = field(default_factory=list)
    tools: list[NavEntry] = field(default_factory=list)

    def add_job(self, name: str, func: Job) -> None:
        """A job that `flask jobs run` runs, in registration order; names are unique."""
        if name in self.jobs:
            raise ValueError(f"job {name!r} is registered twice")
        self.jobs[name] = func

    def add_nav(self, label: str, endpoint: str, who: str, position: int) -> None:
        """A header link; `who` is one of AUDIENCES."""
        if who not in AUDIENCES:
            raise ValueError(f"unknown audience {who!r}")
        self.nav.append(NavEntry(label, endpoint, who, position))
        self.nav.sort(key=lambda entry: entry.position)

    def add_settings_section(self, template: str) -> None:
        """A partial template shown on the member's settings page."""
        self.settings_sections.append(template)

    def add_seeder(self, seeder: Seeder) -> None:
        """A demo-data seeder; seeders run in registration order (later ones use what earlier made)."""
        self.seeders.append(seeder)


    def add_defaults(self, make_defaults: Callable[[], object]) -> None:
        """A function that creates the domain's default rows if missing (run by `flask seed-reference`)."""
        self.defaults.append(make_defaults)


    def add_profile_grant(self, grant: ProfileGrant) -> None:
        """A relationship that widens who sees a member's full profile (profiles asks every grant)."""
        self.profile_grants.append(grant)


    def add_privacy(self, area: str, exporter: Exporter | None = None, eraser: Eraser | None = None) -> None:
        """A domain's part of "download my data" (exporter: user -> {name: data}) and of erasure
        (eraser: (user, context) -> None); `area` names the domain, once each."""
        if area in self.exporters or area in self.erasers:
            raise ValueError(f"privacy area {area!r} is registered twice")
        if exporter is not None:
            self.exporters[area] = exporter
        if eraser is not None:
            self.erasers[area] = eraser

    def add_suspension_hook(self, hook: SuspensionHook) -> None:
        """Run when a member is suspended (after they are signed out everywhere)."""
        self.suspension_hooks.append(hook)

    def add_holdings(self, holdings: Holdings) -> None:
        """Say what a member still holds through a role (shown before the role is removed)."""
        self.holdings.append(holdings)
    def add_home_panel(self, key: str, who: str, build: HomeBuilder, template: str, position: int = 50) -> None:
        """A panel on the signed-in home page; `who` is one of HOME_AUDIENCES; keys are unique."""
        if who not in HOME_AUDIENCES:
            raise ValueError(f"unknown home audience {who!r}")
        if any(panel.key == key for panel in self.home_panels):
            raise ValueError(f"home panel {key!r} is registered twice")
        self.home_panels.append(HomePanel(key, who, build, template, position))
        self.home_panels.sort(key=lambda panel: panel.position)


    def add_tool(self, label: str, endpoint: str, who: str, position: int = 50) -> None:
        """A staff tool listed on the home page of those it is for (`who`: rep, organiser or admin)."""
        if who not in AUDIENCES:
            raise ValueError(f"unknown audience {who!r}")
        self.tools.append(NavEntry(label, endpoint, who, position))
        self.tools.sort(key=lambda entry: entry.position)


def init_app(app: Flask) -> Registry:
    """Give `app` an empty registry."""
    registry = Registry()
    app.extensions["softlanding"] = registry
    return registry


def get_registry(app: Flask | None = None) -> Registry:
    """The registry of `app` (default: the current app)."""
    return (app or current_app).extensions["softlanding"]
