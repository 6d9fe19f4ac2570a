"""Browsing mentors: a kept page costs only the viewer's statements, shows every code in words, and
follows each change to an offer, a profile or a list on the next view."""

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.models import MentorProfile
from softlanding.core.extensions import db
from tests.factories import QueryCounter, count_queries, make_mentor


def _row(html, name):
    start = html.index(name)
    return html[html.rindex("<tr>", 0, start):html.index("</tr>", start) + len("</tr>")]


def test_a_kept_browse_page_shows_each_change_on_the_next_view(app, login_as):
    with app.app_context():
        amara = make_mentor(full_name="Amara Okafor", region="london", topics=["arcp_portfolio", "academic"],
                            modes=["video", "phone"], subspecialties=["neonatal"], career_stage="consultant")
        make_mentor(full_name="Bilal Khan", region="scotland", display_name="Bilal")
        db.session.commit()
        amara_id = amara.id
    client = login_as("newcomer")
    cold = count_queries(app, client, "/mentoring/mentors")
    html = client.get("/mentoring/mentors").get_data(as_text=True)
    row = _row(html, "Amara")
    assert f'<a href="/profile/{amara_id}">Amara</a><br><span class="muted">Consultant</span>' in row
    assert "<td>London</td>\n        <td>Neonatal medicine</td>" in row
    assert "<td>ARCP and the e-portfolio (Kaizen); Academic careers</td>\n        <td>Video call, Phone</td>" in row
    assert f'<a href="/mentoring/mentors/{amara_id}/request">Ask<span class="visually-hidden"> Amara</span>' in row
    assert count_queries(app, client, "/mentoring/mentors", warm=True) < cold
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine, touching="ment") as kept:  # a kept page reads no offer, profile or pair
        client.get("/mentoring/mentors")
    assert kept.count == 0

    with app.app_context():
        user = db.session.get(User, amara_id)
        user.profile.display_name, user.profile.region = "Dr Amara", "wales"
        offer = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == amara_id))
        offer.meeting_modes = ["in_person"]
        db.session.commit()
    row = _row(client.get("/mentoring/mentors").get_data(as_text=True), "Dr Amara")
    assert "<td>Wales</td>" in row and "<td>In person</td>" in row

    with app.app_context():
        db.session.get(User, amara_id).profile.subspecialties = ["space_medicine"]
        db.session.commit()
    assert "<td>space_medicine</td>" in _row(client.get("/mentoring/mentors").get_data(as_text=True), "Dr Amara")
    organiser = login_as("organiser")
    assert organiser.post("/admin/lists/subspecialty", data={"code": "space_medicine",
                                                             "label": "Space medicine"}).status_code == 302
    assert "<td>Space medicine</td>" in _row(client.get("/mentoring/mentors").get_data(as_text=True), "Dr Amara")

    # A mentor browsing sees no "Ask" beside their own name, whatever the newcomer's kept page showed.
    with app.app_context():
        amara = db.session.get(User, amara_id)
    assert "Ask<span" not in _row(login_as(amara).get("/mentoring/mentors").get_data(as_text=True), "Dr Amara")
