"""Access expectations for the foundation: home, health, accounts, profiles, admin."""

from softlanding.core.extensions import db
from softlanding.core.models import RefOption
from tests.factories import make_user

from . import Rule, expect


def setup(ctx):
    """A hidden-profile member and a reference option to toggle."""
    hidden = make_user(visibility="organisers")
    ctx["hidden_user_id"] = hidden.id
    ctx["option_id"] = db.session.scalar(db.select(RefOption.id).where(RefOption.kind == "region"))


RULES = {
    "main.index": Rule("/", expect(all=200)),
    "main.about": Rule("/about", expect(all=200)),
    "main.healthz": Rule("/healthz", expect(all=200)),
    "main.readyz": Rule("/readyz", expect(all=200)),
    "accounts.register": Rule("/account/register", expect(anonymous=200, members=302)),
    "accounts.login": Rule("/account/login", expect(anonymous=200, members=302)),
    "accounts.verify_email": Rule("/account/verify/not-a-token", expect(all=302)),
    "accounts.resend_verification": Rule("/account/verify/resend", expect(anonymous="login", members=302), "POST"),
    "accounts.logout": Rule("/account/logout", expect(all=302), "POST"),
    "accounts.logout_everywhere": Rule("/account/logout-everywhere", expect(anonymous="login", members=302), "POST"),
    "accounts.forgot_password": Rule("/account/forgot", expect(all=200)),
    "accounts.reset_password": Rule("/account/reset/not-a-token", expect(all=302)),
    "accounts.change_password": Rule("/account/password", expect(anonymous="login", members=200)),
    "profiles.me": Rule("/profile/", expect(anonymous="login", members=200)),
    "profiles.edit": Rule("/profile/edit", expect(anonymous="login", members=200)),
    "profiles.view": Rule(lambda c: f"/profile/{c['hidden_user_id']}",
                          expect(anonymous="login", newcomer=403, rep=403, staff=200)),
    "profiles.settings": Rule("/profile/settings", expect(anonymous="login", members=200)),
    "accounts.users": Rule("/admin/users", expect(anonymous="login", newcomer=403, rep=403, organiser=403, admin=200)),
    "accounts.set_role": Rule(lambda c: f"/admin/users/{c['hidden_user_id']}/roles/rep",
                           expect(anonymous="login", newcomer=403, rep=403, organiser=403, admin=302),
                           "POST", {"grant": "1"}),
    "accounts.lists": Rule("/admin/lists", expect(anonymous="login", newcomer=403, rep=403, staff=200)),
    "accounts.edit_list": Rule("/admin/lists/region", expect(anonymous="login", newcomer=403, rep=403, staff=200)),
    "accounts.toggle_option": Rule(lambda c: f"/admin/lists/region/{c['option_id']}/toggle",
                                expect(anonymous="login", newcomer=403, rep=403, staff=302), "POST"),
}
