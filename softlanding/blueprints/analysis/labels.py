"""How the workspace names an answer's source: reference labels, and mentoring closings as such."""

from softlanding.core import reference


def labeller():
    """label(kind, code) for answers' sources: reference labels, and mentoring closings named as such.

    Made once per page: each list's labels are read once (a page asks for about eighty)."""
    lists: dict[str, dict[str, str]] = {}

    def label(kind, code):
        # Closing feedback from mentoring has no event category; it is filed under "mentoring".
        if code == "mentoring":
            return "Mentoring"
        if kind in ("language", "country"):  # named from ISO codes, not from a list
            return reference.label(kind, code)
        found = lists.get(kind)
        if found is None:
            found = lists[kind] = reference.labels(kind)
        return found.get(code, code or "")

    return label
