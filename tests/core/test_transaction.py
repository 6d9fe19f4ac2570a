"""The request transaction: one commit after a state-changing view succeeds, a rollback on any error,
one mapping of domain errors, and mail sent only after the commit."""

import re
from pathlib import Path

import pytest
from flask import Blueprint, redirect, render_template_string
from flask_wtf import FlaskForm
from sqlalchemy import create_engine, func, select, text
from wtforms import StringField

from softlanding import create_app
from softlanding.blueprints.events.models import InterviewSlot
from softlanding.core import transaction
from softlanding.core.access import fail
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from softlanding.core.mailer import FileBackend, queue_email
from softlanding.core.models import OutboxMessage, RefOption
from tests.conftest import make_config, read_mail
from tests.factories import make_user
from tests.factories.events import make_event, make_slot

KIND = "tx_test"
ROUTES = Path(__file__).resolve().parents[2] / "softlanding" / "blueprints"


class NameForm(FlaskForm):
    name = StringField("Name")


PAGE = "{% for m in get_flashed_messages() %}<p>{{ m }}</p>{% endfor %}" \
       "{% for e in form.name.errors %}<span>{{ e }}</span>{% endfor %}"


def _add_option(code):
    db.session.add(RefOption(kind=KIND, code=code, label=code))
    db.session.flush()


def _queue_mail():
    queue_email("someone@example.org", "Reset your password", "reset_password", kind="reset_password",
                link="https://example.org/reset", minutes=30)


def _test_routes():
    bp = Blueprint("tx_test", __name__, url_prefix="/_tx")

    @bp.post("/ok")
    def ok():
        _add_option("ok")
        _queue_mail()
        return redirect("/")

    @bp.post("/crash")
    def crash():
        _add_option("crash")
        _queue_mail()
        raise RuntimeError("a bug after the service flushed")

    @bp.post("/form")
    def form_error():
        form = NameForm()
        try:
            _add_option("half")
            _queue_mail()
            raise ValidationError("That name is taken.", field="name")
        except ValidationError as error:
            fail(error, form)
        return render_template_string(PAGE, form=form)

    @bp.post("/flash")
    def flash_error():
        try:
            _add_option("flashed")
            raise ValidationError("That could not be done.")
        except ValidationError as error:
            fail(error)
        return redirect("/")

    @bp.get("/read")
    def read():
        _add_option("from-a-get")
        return "read"

    return bp


@pytest.fixture(scope="module")
def tx_app(database_url, mail_dir):
    """The app with a few routes that write and then succeed, crash or fail with a domain error."""
    app = create_app(make_config(database_url, mail_dir, MAIL_DELIVER_INLINE=True))
    app.register_blueprint(_test_routes())
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _saved(app):
    with app.app_context():
        return set(db.session.scalars(select(RefOption.code).where(RefOption.kind == KIND)))


def _outbox(app):
    with app.app_context():
        return db.session.scalar(select(func.count(OutboxMessage.id)))


def test_a_successful_post_commits_once_and_sends_its_mail_after_the_commit(tx_app, mail_dir, monkeypatch):
    seen_at_send = []
    original = FileBackend.send

    def send(self, message, mime):
        # At delivery time the request's row is visible from another connection: committed first.
        engine = create_engine(tx_app.config["SQLALCHEMY_DATABASE_URI"])
        with engine.connect() as conn:
            seen_at_send.append(conn.scalar(text("SELECT count(*) FROM ref_option WHERE kind = :k"), {"k": KIND}))
        engine.dispose()
        return original(self, message, mime)

    monkeypatch.setattr(FileBackend, "send", send)
    response = tx_app.test_client().post("/_tx/ok")
    assert response.status_code == 302
    assert _saved(tx_app) == {"ok"}
    assert seen_at_send == [1]
    assert [m["Subject"] for m in read_mail(mail_dir)] == ["Reset your password"]


def test_a_route_that_crashes_after_a_flush_leaves_no_row_and_sends_no_mail(tx_app, mail_dir):
    response = tx_app.test_client().post("/_tx/crash")
    assert response.status_code == 500
    assert _saved(tx_app) == set()
    assert _outbox(tx_app) == 0
    assert read_mail(mail_dir) == []


def test_a_domain_error_shown_beside_the_field_keeps_nothing_half_saved(tx_app, mail_dir):
    response = tx_app.test_client().post("/_tx/form")
    assert response.status_code == 200
    assert b"<span>That name is taken.</span>" in response.data
    assert _saved(tx_app) == set()
    assert _outbox(tx_app) == 0
    assert read_mail(mail_dir) == []


def test_a_flashed_domain_error_before_a_redirect_keeps_nothing(tx_app):
    client = tx_app.test_client()
    assert client.post("/_tx/flash").status_code == 302
    assert _saved(tx_app) == set()
    with client.session_transaction() as session:
        assert [m for _, m in session.get("_flashes", [])] == ["That could not be done."]


def test_a_get_commits_nothing_it_flushed(tx_app):
    assert tx_app.test_client().get("/_tx/read").status_code == 200
    assert _saved(tx_app) == set()


def test_inline_delivery_commits_nothing_but_the_outbox(tx_app, mail_dir):
    with tx_app.app_context():
        _queue_mail()
        db.session.commit()
    with tx_app.test_request_context("/", method="POST"):
        stray = RefOption(kind=KIND, code="stray", label="stray")
        db.session.add(stray)  # pending in the request's session when delivery runs
        transaction.deliver_now()
        assert stray in db.session.new
        db.session.rollback()
    assert _saved(tx_app) == set()
    assert len(read_mail(mail_dir)) == 1
    with tx_app.app_context():
        assert db.session.scalars(select(OutboxMessage.status)).all() == ["sent"]


def test_no_route_commits_or_rolls_back_by_hand():
    files = sorted(ROUTES.glob("*/routes*.py"))
    assert len(files) >= 15  # the walk found the routes
    offenders = [f"{path.relative_to(ROUTES)}:{n}" for path in files
                 for n, line in enumerate(path.read_text().splitlines(), 1)
                 if re.search(r"\.(commit|rollback)\(", line)]
    assert offenders == []


def test_deleting_a_booked_slot_says_only_why_not_and_keeps_the_slot(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        event = make_event(host=host, category="mock_interview")
        slot_id = make_slot(event, interviewer=host, booked_by=make_user()).id
        db.session.commit()
    client = login_as(host)
    page = client.post(f"/events/slots/{slot_id}/delete", follow_redirects=True)
    assert page.status_code == 200
    assert b"Someone has booked this slot; ask them to cancel first." in page.data
    assert b"Slot removed." not in page.data
    with app.app_context():
        assert db.session.get(InterviewSlot, slot_id) is not None


def test_deleting_a_free_slot_removes_it(app, login_as):
    with app.app_context():
        host = make_user(role="rep")
        slot_id = make_slot(make_event(host=host, category="mock_interview"), interviewer=host).id
        db.session.commit()
    page = login_as(host).post(f"/events/slots/{slot_id}/delete", follow_redirects=True)
    assert b"Slot removed." in page.data
    with app.app_context():
        assert db.session.get(InterviewSlot, slot_id) is None
