"""Roles: every account is a newcomer; only admins grant and remove roles."""

from softlanding.blueprints.accounts.models import User
from softlanding.core.extensions import db
from softlanding.core.models import RefOption
from tests.factories import make_user


def test_admin_grants_and_removes_roles(app, login_as):
    with app.app_context():
        person = make_user(full_name="Kwame Mensah")
        person_id = person.id
        db.session.commit()
    admin = login_as("admin")
    page = admin.get("/admin/users?q=kwame")
    assert b"Kwame Mensah" in page.data
    admin.post(f"/admin/users/{person_id}/roles/rep", data={"grant": "1"})
    with app.app_context():
        assert db.session.get(User, person_id).roles == {"newcomer", "rep"}
    admin.post(f"/admin/users/{person_id}/roles/rep", data={"grant": "0"})
    with app.app_context():
        assert db.session.get(User, person_id).roles == {"newcomer"}


def test_only_admins_change_roles_and_admins_keep_their_own(app, login_as):
    organiser = login_as("organiser")
    assert organiser.post(f"/admin/users/{organiser.user_id}/roles/admin", data={"grant": "1"}).status_code == 403
    with app.app_context():
        assert not db.session.get(User, organiser.user_id).is_admin
    admin = login_as("admin")
    response = admin.post(f"/admin/users/{admin.user_id}/roles/admin", data={"grant": "0"}, follow_redirects=True)
    assert b"cannot remove your own admin role" in response.data
    assert admin.post(f"/admin/users/{admin.user_id}/roles/wizard", data={"grant": "1"}).status_code == 404
    assert admin.post("/admin/users/99999/roles/rep", data={"grant": "1"}).status_code == 404


def test_organisers_extend_reference_lists(app, login_as):
    organiser = login_as("organiser")
    response = organiser.post("/admin/lists/region", data={"code": "channel_islands", "label": "Channel Islands"})
    assert response.status_code == 302
    assert b"Channel Islands" in login_as("newcomer").get("/profile/edit").data
    duplicate = organiser.post("/admin/lists/region", data={"code": "channel_islands", "label": "Again"})
    assert b"already in the list" in duplicate.data and b'value="Again"' in duplicate.data
    with app.app_context():
        option_id = db.session.scalar(db.select(RefOption.id).where(RefOption.code == "channel_islands"))
    organiser.post(f"/admin/lists/region/{option_id}/toggle")
    assert b"Channel Islands" not in login_as("newcomer").get("/profile/edit").data


def test_no_account_exists_until_someone_registers_or_the_demo_is_loaded(app, ctx):
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_create_admin_prompts_for_a_password(app, runner):
    result = runner.invoke(args=["create-admin", "Chief@Example.org", "--name", "Chief Admin"],
                           input="a strong admin password\na strong admin password\n")
    assert result.exit_code == 0, result.output
    assert "Admin account created for chief@example.org" in result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "chief@example.org"))
        assert user.is_admin and user.is_verified
    weak = runner.invoke(args=["create-admin", "weak@example.org"], input="short\nshort\n")
    assert weak.exit_code != 0 and "at least 12 characters" in weak.output


def test_seed_demo_makes_the_community_and_refuses_production(app, runner):
    result = runner.invoke(args=["seed-demo", "--password", "demo password for tests"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        users = db.session.scalars(db.select(User)).all()
        emails = {u.email for u in users}
        assert {"organiser@example.org", "admin@example.org", "rep1@example.org", "newcomer1@example.org"} <= emails
        reps = [u for u in users if u.is_rep]
        newcomers = [u for u in users if u.email.startswith("newcomer")]
        assert len(reps) >= 8 and len({u.profile.region for u in reps}) >= 8
        assert len(newcomers) >= 30 and len({u.profile.pmq_country for u in newcomers}) >= 10
        suspended = next(u for u in users if u.email == "suspended@example.org")
        assert suspended.is_suspended and "\n" in suspended.suspended_reason
    client = app.test_client()
    refused = client.post("/account/login", data={"email": "suspended@example.org",
                                                  "password": "demo password for tests"})
    assert b"This account is suspended" in refused.data
    response = client.post("/account/login", data={"email": "rep1@example.org", "password": "demo password for tests"})
    assert response.status_code == 302
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has accounts" in again.output
    app.config["SOFTLANDING_ENV"] = "production"
    try:
        refused = runner.invoke(args=["seed-demo"])
        assert refused.exit_code != 0 and "refuses to run in production" in refused.output
    finally:
        app.config["SOFTLANDING_ENV"] = "testing"


def test_member_list_queries_do_not_grow_with_rows(app, login_as, count_queries):
    admin = login_as("admin")

    def queries_for_page():
        with count_queries() as counter:
            assert admin.get("/admin/users").status_code == 200
        return counter.count

    with app.app_context():
        for _ in range(3):
            make_user(role="rep")
        db.session.commit()
    few = queries_for_page()
    with app.app_context():
        for _ in range(20):
            make_user(role="rep")
        db.session.commit()
    assert queries_for_page() == few
