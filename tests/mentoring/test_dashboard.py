"""The organisers' dashboard: statements that do not grow with mentors, newcomers or pairs, an unchanged
table served from what was kept, and every change an organiser would look for on the next view."""

from datetime import date, timedelta

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.mentoring.models import MenteePreference, MentorProfile, Mentorship
from softlanding.core.extensions import db
from tests.factories import PASSWORD, QueryCounter, count_queries, make_mentor, make_pair, make_seeker

TABLES = ("waiting", "loads", "expiring", "quiet", "active")


def _grow(app, n, start=0):
    """n more mentors, each with an active quiet pair and a request about to expire, and n more waiting."""
    with app.app_context():
        for i in range(start, start + n):
            mentor = make_mentor(full_name=f"Mentor {i:03d}", capacity=3)
            make_pair(mentor, make_seeker(full_name=f"Paired {i:03d}"), days_ago=40)
            make_pair(mentor, make_seeker(full_name=f"Asking {i:03d}"), status="requested", days_ago=12)
            make_seeker(full_name=f"Waiting {i:03d}", waited_days=i % 20)
        db.session.commit()


def _row(html, name):
    """The table row that names `name`."""
    start = html.index(name)
    return html[html.rindex("<tr>", 0, start):html.index("</tr>", start) + len("</tr>")]


def _mentoring_statements(app, client, url):
    """How many statements a GET of `url` sends that read a mentoring table (none for a kept table)."""
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine, touching="ment") as counter:
        assert client.get(url).status_code == 200
    return counter.count


def _counts(app, organiser, warm):
    return {t: count_queries(app, organiser, f"/mentoring/organiser?table={t}", warm=warm) for t in TABLES}


def test_statements_stay_constant_as_the_tables_grow_past_a_page_and_an_unchanged_table_reads_nothing(app,
                                                                                                     login_as):
    _grow(app, 2)
    organiser = login_as("organiser")
    cold, warm = _counts(app, organiser, warm=False), _counts(app, organiser, warm=True)
    for table in TABLES:
        assert warm[table] < cold[table], table
        assert _mentoring_statements(app, organiser, f"/mentoring/organiser?table={table}") == 0, table
    _grow(app, 23, start=2)  # 25 of each: every table runs past its first page of 20
    assert _counts(app, organiser, warm=False) == cold
    assert _counts(app, organiser, warm=True) == warm
    # 25 mentors, quiet and active pairs and expiring requests; 50 waiting (a request holds no place).
    for table, pages in {"waiting": 3, "loads": 2, "expiring": 2, "quiet": 2, "active": 2}.items():
        html = organiser.get(f"/mentoring/organiser?table={table}").get_data(as_text=True)
        assert f"Page 1 of {pages}" in html and 'rel="next"' in html, table
        last = organiser.get(f"/mentoring/organiser?table={table}&page={pages}").get_data(as_text=True)
        assert 'rel="next"' not in last and 'rel="prev"' in last, table


def test_the_same_rows_on_the_page_and_in_the_csv_and_page_two_continues_page_one(app, login_as):
    _grow(app, 25)
    organiser = login_as("organiser")
    first = organiser.get("/mentoring/organiser?table=loads").get_data(as_text=True)
    second = organiser.get("/mentoring/organiser?table=loads&page=2").get_data(as_text=True)
    assert "Mentor 000" in first and "Mentor 019" in first and "Mentor 020" not in first
    assert "Mentor 020" in second and "Mentor 024" in second and "Mentor 019" not in second
    assert "<td>1 of 3</td>" in first and "Page 1 of 2" in first
    lines = organiser.get("/mentoring/organiser/export/loads.csv").data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Mentor,Region,Capacity,Places held,Requests waiting,Accepting"
    assert lines[1] == "Mentor 000,London,3,1,1,Yes" and len(lines) == 26
    waiting = organiser.get("/mentoring/organiser").get_data(as_text=True)
    assert waiting.index("Waiting 019") < waiting.index("Waiting 018")  # longest waiting first


def test_each_change_shows_on_the_next_view_of_a_kept_table(app, login_as):
    with app.app_context():
        mentor = make_mentor(full_name="Mentor Mo", capacity=2)
        asking = make_seeker(full_name="Asking Ada", waited_days=5)
        request = make_pair(mentor, asking, status="requested", days_ago=12)
        paired = make_seeker(full_name="Paired Pat")
        pair = make_pair(mentor, paired, days_ago=40)
        waiting = make_seeker(full_name="Waiting Wes", waited_days=8, region="channel_islands")
        sue = make_seeker(full_name="Stopping Sue", waited_days=1)
        quinn = make_seeker(full_name="Quiet Quinn")
        quiet = make_pair(make_mentor(full_name="Mentor Max"), quinn, days_ago=50)
        db.session.commit()
        ids = {"mentor": mentor.id, "request": request.id, "pair": pair.id, "waiting": waiting.id, "sue": sue.id,
               "quiet": quiet.id}
        quinn_user = quinn
        mentor_user, paired_user, waiting_user = mentor, paired, waiting
    organiser = login_as("organiser")

    def table(name):
        return organiser.get(f"/mentoring/organiser?table={name}").get_data(as_text=True)

    for name in TABLES:
        table(name)  # every table is kept now
    assert "<td>channel_islands</td>" in table("waiting")
    assert _row(table("loads"), "Mentor Mo").endswith("<td>1 of 2</td>\n          <td>1</td><td>Yes</td></tr>")
    assert "Asking Ada" in table("expiring") and "Paired Pat" in table("quiet")

    # An organiser adds the region to the list: its label replaces the code.
    assert organiser.post("/admin/lists/region", data={"code": "channel_islands",
                                                       "label": "Channel Islands"}).status_code == 302
    assert "<td>Channel Islands</td>" in table("waiting")

    # A waiting newcomer asks the mentor: their open requests and the mentor's requests waiting go up.
    assert _row(table("waiting"), "Waiting Wes").endswith("<td>0</td></tr>")
    assert login_as(waiting_user).post(f"/mentoring/mentors/{ids['mentor']}/request",
                                       data={"message": "Hello"}).status_code == 302
    assert _row(table("waiting"), "Waiting Wes").endswith("<td>1</td></tr>")
    assert _row(table("loads"), "Mentor Mo").endswith("<td>1 of 2</td>\n          <td>2</td><td>Yes</td></tr>")

    # The mentor accepts the first request: it holds a place, no longer waits, and leaves the expiring table.
    assert login_as(mentor_user).post(f"/mentoring/requests/{ids['request']}/accept").status_code == 302
    with app.app_context():
        assert db.session.get(Mentorship, ids["request"]).status == "active"
    assert _row(table("loads"), "Mentor Mo").endswith("<td>2 of 2</td>\n          <td>1</td><td>Yes</td></tr>")
    assert "Asking Ada" not in table("expiring") and "Asking Ada" in table("active")

    # A message in the pair space: that pair is no longer quiet.
    assert "Quiet Quinn" in table("quiet")
    assert login_as(quinn_user).post(f"/mentoring/pairs/{ids['quiet']}/messages",
                                     data={"body": "How are you?"}).status_code == 302
    assert "Quiet Quinn" not in table("quiet") and "Paired Pat" in table("quiet")

    # A meeting logged in the pair space: the pair is no longer quiet, and active shows the date.
    met_on = date.today() - timedelta(days=2)
    assert login_as(paired_user).post(f"/mentoring/pairs/{ids['pair']}/meetings", data={
        "met_on": met_on.isoformat(), "mode": "phone", "notes": ""}).status_code == 302
    assert "Paired Pat" not in table("quiet")
    assert met_on.strftime("%-d %b %Y") in table("active")

    # The mentor offers a third place, then pauses: the load and "Accepting" follow.
    with app.app_context():
        offer = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == ids["mentor"]))
        offer.capacity = 3
        db.session.commit()
        assert "<td>2 of 3</td>" in table("loads")
        offer.accepting = False
        db.session.commit()
    assert _row(table("loads"), "Mentor Mo").endswith("<td>Paused</td></tr>")

    # A newcomer's new name and region show; one who stops looking, and a suspended account, leave the queue.
    with app.app_context():
        user = db.session.get(User, ids["waiting"])
        user.full_name = "Waiting Wesley"
        db.session.commit()
        assert "Waiting Wesley" in table("waiting")
        user.profile.region = "wales"
        db.session.commit()
        assert "<td>Wales</td>" in _row(table("waiting"), "Waiting Wesley")
        db.session.scalar(db.select(MenteePreference).where(MenteePreference.user_id == ids["sue"])).seeking = False
        db.session.commit()
    assert "Stopping Sue" not in table("waiting")
    with app.app_context():
        db.session.get(User, ids["waiting"]).is_active_account = False
        db.session.commit()
    assert "Waiting Wesley" not in table("waiting") and "Nobody is waiting." in table("waiting")  # Ada has a mentor
    assert "Nobody is waiting" not in organiser.get("/mentoring/organiser/export/waiting.csv").get_data(
        as_text=True)


def test_a_sign_in_keeps_the_tables_and_the_home_panel_shows_the_same_newcomers(app, login_as):
    with app.app_context():
        make_seeker(full_name="Second Sam", waited_days=4)
        make_seeker(full_name="Longest Lee", waited_days=9, email="lee@example.org")
        db.session.commit()
    organiser = login_as("organiser")
    _counts(app, organiser, warm=True)  # every table viewed, and kept
    warm = _counts(app, organiser, warm=True)
    # A sign-in writes only bookkeeping columns of the account, so every table stays kept.
    response = app.test_client().post("/account/login", data={"email": "lee@example.org", "password": PASSWORD})
    assert response.status_code == 302 and "/account/login" not in response.headers["Location"]
    assert _counts(app, organiser, warm=True) == warm
    html = organiser.get("/mentoring/organiser").get_data(as_text=True)
    assert html.index("Longest Lee") < html.index("Second Sam")
    home = organiser.get("/").get_data(as_text=True)
    assert "Newcomers waiting longest" in home and home.index("Longest") < home.index("Second")
