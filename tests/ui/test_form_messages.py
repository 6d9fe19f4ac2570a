"""Forms that help: no library default message is left in any form's error output, every problem is
reported at once, and the page title starts with "Error: " when a form has errors."""

import importlib
import pkgutil

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField, SelectFieldBase

import softlanding.blueprints
from softlanding.core.form_messages import DEFAULT_PATTERNS
from softlanding.core.forms import Form


def _all_form_classes():
    for module in pkgutil.walk_packages(softlanding.blueprints.__path__, "softlanding.blueprints."):
        if module.name.rsplit(".", 1)[-1].startswith("forms"):
            importlib.import_module(module.name)
    seen, todo = [], list(Form.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return seen


def _messages(errors):
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _messages(value)
    elif isinstance(errors, (list, tuple)):
        for value in errors:
            yield from _messages(value)
    elif errors is not None:
        yield str(errors)


def _fill_choices(form):
    if hasattr(form, "fill_choices"):
        try:
            form.fill_choices()
        except TypeError:
            pass
    for field in form:
        if isinstance(field, SelectFieldBase) and getattr(field, "choices", None) is None:
            field.choices = [("1", "One"), ("2", "Two")]
        if isinstance(field, FormField):
            _fill_choices(field.form)


# Values a person could type or a tampered page could send, for every field at once.
BAD_INPUTS = ["", "not a value \u00e9", "-1", "99999999999999999999", "2026-13-45T25:61", "@", "x" * 5000]


def test_every_form_class_is_found():
    names = {cls.__name__ for cls in _all_form_classes()}
    assert {"ProfileForm", "RegisterForm", "LoginForm"} <= names
    assert len(names) > 15


@pytest.mark.parametrize("bad", BAD_INPUTS)
def test_no_form_shows_a_library_default_message(app, bad):
    found = {}
    checked = 0
    for cls in _all_form_classes():
        with app.test_request_context(method="POST", data={}):
            probe = cls(meta={"csrf": False})
            names = [f.name for f in probe if not isinstance(f, (FormField, FieldList))]
            formdata = MultiDict([(name, bad) for name in names])
            try:
                form = cls(formdata=formdata, meta={"csrf": False})
            except TypeError:
                form = cls(formdata=formdata)
            _fill_choices(form)
            form.validate()
            checked += 1
            for message in _messages(form.errors):
                if any(pattern in message for pattern in DEFAULT_PATTERNS):
                    found.setdefault(cls.__name__, set()).add(message)
    assert checked > 15
    assert found == {}


def test_profile_reports_every_problem_at_once_with_an_error_title(app, login_as):
    client = login_as("newcomer")
    response = client.post("/profile/edit", data={
        "display_name": "", "pmq_country": "XX", "timezone": "Mars/Olympus", "visibility": "everyone",
        "bio": "Kept text: اردو and 😀", "nhs_month": "08",
    })
    html = response.data.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    for anchor in ("#display_name", "#pmq_country", "#timezone", "#visibility", "#nhs_year"):
        assert f'href="{anchor}"' in summary, anchor
    assert "Choose the year as well as the month" in summary
    assert "Kept text: اردو and 😀" in html


def test_a_page_without_errors_has_a_plain_title(login_as):
    html = login_as("newcomer").get("/profile/edit").data.decode()
    assert "<title>Edit your profile" in html and "Error:" not in html.split("</title>")[0]


def test_datetime_and_choice_defaults_become_instructions(app, login_as):
    from softlanding.blueprints.events.forms import EventForm

    with app.test_request_context(method="POST"):
        form = EventForm(formdata=MultiDict({"starts_at": "tomorrow-ish", "ends_at": "31/31/2026",
                                             "capacity": "lots"}), meta={"csrf": False})
        _fill_choices(form)
        form.validate()
        text = " ".join(_messages(form.errors))
    assert "Not a valid" not in text and "Invalid Choice" not in text
    assert "as a real date and time, for example" in text
    assert "whole number" in text


def test_event_form_reports_every_problem_at_once(login_as):
    from tests.events.test_lifecycle import _form

    rep = login_as("rep")
    data = _form(title="", capacity="lots", format="in_person", venue="", join_link="ftp://nope",
                 description="Kept: ملاقات 😀")
    data["ends_at"] = data["starts_at"]
    html = rep.post("/events/new", data=data).data.decode()
    assert "<title>Error: " in html
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    for anchor in ("#title", "#capacity", "#venue", "#join_link", "#ends_at"):
        assert f'href="{anchor}"' in summary, anchor
    assert "whole number" in summary and "Not a valid" not in summary
    assert "Kept: ملاقات 😀" in html


def test_registration_reports_every_problem_at_once(client):
    html = client.post("/account/register", data={"full_name": "x" * 130, "email": "not-an-address",
                                                  "password": "short"}).data.decode()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    for anchor in ("#full_name", "#email", "#password"):
        assert f'href="{anchor}"' in summary, anchor
