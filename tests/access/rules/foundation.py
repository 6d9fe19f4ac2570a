"""Access expectations for the foundation: home, health, accounts, profiles, admin."""

from datetime import timedelta

from softlanding.blueprints.accounts.models import DataExport
from softlanding.core.db import utcnow
from softlanding.core.extensions import db
from softlanding.core.models import RefOption
from tests.factories import make_user

from . import Rule, expect


def setup(ctx):
    """A hidden-profile member and a reference option to toggle."""
    hidden = make_user(visibility="organisers")
    ctx["hidden_user_id"] = hidden.id
    # A ready data file of the hidden member: only admins (subject access requests) and its member get it.
    export = DataExport(user_id=hidden.id, ready_at=utcnow(), expires_at=utcnow() + timedelta(days=7), content=b"PK")
    db.session.add(export)
    db.session.flush()
    ctx["export_id"] = export.id
    ctx["option_id"] = db.session.scalar(db.select(RefOption.id).where(RefOption.kind == "region"))


RULES = {
    "main.index": Rule("/", expect(all=200)),
    "main.privacy": Rule("/privacy", expect(all=200)),
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
    "accounts.member": Rule(lambda c: f"/admin/users/{c['hidden_user_id']}",
                            expect(anonymous="login", newcomer=403, rep=403, organiser=403, admin=200)),
    "accounts.suspend": Rule(lambda c: f"/admin/users/{c['hidden_user_id']}/suspend",
                             expect(anonymous="login", newcomer=403, rep=403, organiser=403, admin=302),
                             "POST", {"reason": "Access matrix check"}),
    "accounts.reinstate": Rule(lambda c: f"/admin/users/{c['hidden_user_id']}/reinstate",
                               expect(anonymous="login", newcomer=403, rep=403, organiser=403, admin=302), "POST"),
    "accounts.audit_log": Rule("/admin/audit", expect(anonymous="login", newcomer=403, rep=403, organiser=403,
                                                      admin=200)),
    "accounts.admin_export": Rule(lambda c: f"/admin/users/{c['hidden_user_id']}/export",
                                  expect(anonymous="login", newcomer=403, rep=403, organiser=403, admin=302), "POST"),
    "accounts.admin_erase": Rule(lambda c: f"/admin/users/{c['hidden_user_id']}/erase",
                                 expect(anonymous="login", newcomer=403, rep=403, organiser=403, admin=200)),
    "accounts.request_data": Rule("/account/data", expect(anonymous="login", members=302), "POST"),
    "accounts.download_data": Rule(lambda c: f"/account/data/{c['export_id']}",
                                   expect(anonymous="login", newcomer=404, rep=404, organiser=404, admin=200)),
    "accounts.delete_account": Rule("/account/delete", expect(anonymous="login", members=200)),
    "accounts.change_email": Rule("/account/email", expect(anonymous="login", members=200)),
    "accounts.confirm_email_change": Rule("/account/email/confirm/not-a-token", expect(all=302)),
    "accounts.lists": Rule("/admin/lists", expect(anonymous="login", newcomer=403, rep=403, staff=200)),
    "accounts.edit_list": Rule("/admin/lists/region", expect(anonymous="login", newcomer=403, rep=403, staff=200)),
    "accounts.toggle_option": Rule(lambda c: f"/admin/lists/region/{c['option_id']}/toggle",
                                expect(anonymous="login", newcomer=403, rep=403, staff=302), "POST"),
}
