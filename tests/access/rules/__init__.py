"""Access expectations, one module per area, collected by tests/access/test_access.py.

Each module defines:
  setup(ctx)  -> makes the rows its URLs need; ctx is a dict with ctx["users"][role] for every
                 signed-in role (newcomer, rep, organiser, admin) already created. Store ids in ctx.
  RULES       -> {endpoint: Rule(...)} covering every endpoint of the area.

Expectations are HTTP status codes per role; "login" means a redirect to the sign-in page.
"""

from dataclasses import dataclass, field

ROLES = ("anonymous", "newcomer", "rep", "organiser", "admin")
MEMBERS = ("newcomer", "rep", "organiser", "admin")


@dataclass
class Rule:
    """How to call one endpoint and what each role should get."""

    url: object  # str, or callable(ctx) -> str
    expect: dict = field(default_factory=dict)
    method: str = "GET"
    data: object = None  # dict or callable(ctx) -> dict, for POST

    def status_for(self, role):
        """The expected outcome for one role."""
        return self.expect.get(role)


def expect(anonymous=None, newcomer=None, rep=None, organiser=None, admin=None, members=None, staff=None, all=None):
    """Build an expectation dict; members= covers every signed-in role, staff= organiser and admin."""
    result = {}
    if all is not None:
        result.update({r: all for r in ROLES})
    if members is not None:
        result.update({r: members for r in MEMBERS})
    if staff is not None:
        result.update({"organiser": staff, "admin": staff})
    for role, value in (("anonymous", anonymous), ("newcomer", newcomer), ("rep", rep),
                        ("organiser", organiser), ("admin", admin)):
        if value is not None:
            result[role] = value
    return result
