"""The signed-in home page: built from what needs this person now.

Each domain registers its panels in its own register(app) (registry.add_home_panel: a key, who sees
it, a builder returning a small capped context or None, a partial template). A panel's builder runs a
fixed number of queries, so the page's query count does not grow with anyone's data; a panel that has
nothing to show returns None and is left out. Roles come in the order newcomer, rep, organiser, admin.
"""

from dataclasses import dataclass
from typing import Any

from softlanding.core.registry import HomePanel, get_registry

# How many rows any home list shows; each panel links to the full page.
HOME_LIMIT = 5

ROLE_TITLES = {"member": "For you", "newcomer": "As a newcomer", "rep": "As a volunteer rep",
               "organiser": "As an organiser", "admin": "As an admin"}


@dataclass
class BuiltPanel:
    """A panel with its context, ready to include."""

    panel: HomePanel
    context: dict[str, Any]


def _sees(user, who: str) -> bool:
    if who == "member":
        return True
    if who == "newcomer":
        return not (user.is_rep or user.is_organiser)
    if who == "rep":
        return user.is_rep
    if who == "organiser":
        return user.is_organiser
    return user.has_role(who)


def panels_for(user) -> list[tuple[str, list[BuiltPanel]]]:
    """[(section title, panels with something to show)], one section per role the user holds."""
    sections: dict[str, list[BuiltPanel]] = {}
    for panel in get_registry().home_panels:
        if not _sees(user, panel.who):
            continue
        context = panel.build(user)
        if context is not None:
            sections.setdefault(panel.who, []).append(BuiltPanel(panel, context))
    order = ("member", "newcomer", "rep", "organiser", "admin")
    return [(ROLE_TITLES[who], sections[who]) for who in order if sections.get(who)]


def tools_panel(user):
    """Links to every staff tool this person may use (the domains register them with add_tool)."""
    from softlanding.core.navigation import tool_items

    items = tool_items()
    return {"tools": items} if items else None


def register(registry):
    """The core's own panel: the organisers' tools."""
    registry.add_home_panel("core.tools", "organiser", tools_panel, "main/_home_tools.html", 90)
