"""Messages in the pair space: private to the pair, told in bursts, unread counts, kept, exported, concerns."""

from softlanding.blueprints.mentoring import contact as mentoring_contact
from softlanding.blueprints.mentoring import messages as mentoring_messages
from softlanding.blueprints.mentoring.models_pair import PairConcern, PairMessage
from softlanding.blueprints.notifications.notify import set_email_enabled
from softlanding.core.extensions import db
from softlanding.core.models import OutboxMessage
from tests.factories import make_mentor, make_pair, make_seeker, make_user, read_mail

SECRET = "My visa interview is on the 3rd — ما زلت قلقة 😟"


def _pair(app):
    with app.app_context():
        mentor, mentee = make_mentor(full_name="Grace Mentor"), make_seeker(full_name="Amina Newcomer")
        pair = make_pair(mentor, mentee)
        db.session.commit()
        _ = mentor.email, mentee.email  # load the columns so they stay readable outside the context
        return mentor, mentee, pair.id


def test_only_the_pair_reads_the_thread_and_the_outbox_never_shows_it(app, login_as, mail_dir):
    mentor, mentee, pair_id = _pair(app)
    newcomer = login_as(mentee)
    assert newcomer.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": SECRET}).status_code == 302
    page = login_as(mentor).get(f"/mentoring/pairs/{pair_id}/messages").get_data(as_text=True)
    assert SECRET in page and "1 new" in page
    for role in ("organiser", "admin"):
        client = login_as(role)
        assert client.get(f"/mentoring/pairs/{pair_id}/messages").status_code == 403
        assert client.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "hi"}).status_code == 403
    with app.app_context():
        mail = read_mail(mail_dir, to=mentor.email)
        assert len(mail) == 1 and "New message from Amina" in mail[0]["Subject"]
        assert "visa" not in mail[0].get_body(("plain",)).get_content()  # the text never travels by email
        message = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.kind == "mentoring_message"))
        assert message.sensitive
        message_id = message.id
    admin = login_as("admin")
    detail = admin.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "visa" not in detail and "sensitive message" in detail


def test_a_burst_is_one_email_and_reading_starts_a_new_burst(app, login_as, mail_dir):
    mentor, mentee, pair_id = _pair(app)
    newcomer = login_as(mentee)
    for n in range(4):
        newcomer.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": f"Message {n}\nline two"})
    rep = login_as(mentor)
    assert len(read_mail(mail_dir, to=mentor.email)) == 1
    space = rep.get(f"/mentoring/pairs/{pair_id}").get_data(as_text=True)
    assert "Messages (4 new)" in space
    rep.post(f"/mentoring/pairs/{pair_id}/messages/read")
    assert "new)" not in rep.get(f"/mentoring/pairs/{pair_id}").get_data(as_text=True)
    newcomer.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "One more"})
    assert len(read_mail(mail_dir, to=mentor.email)) == 2
    # Replying counts as reading, for the one who replies; the newcomer gets one email for the reply.
    rep.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "Thanks, see you Tuesday"})
    assert len(read_mail(mail_dir, to=mentee.email)) == 1


def test_email_choice_is_respected_but_in_app_notice_and_unread_count_remain(app, login_as, mail_dir):
    mentor, mentee, pair_id = _pair(app)
    with app.app_context():
        set_email_enabled(db.session.get(type(mentor), mentor.id), "mentoring_message", False)
        db.session.commit()
    login_as(mentee).post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "hello"})
    assert read_mail(mail_dir, to=mentor.email) == []
    with app.app_context():
        assert mentoring_messages.unread_counts(db.session.get(type(mentor), mentor.id), [pair_id]) == {pair_id: 1}


def test_bad_messages_are_refused_and_kept_and_ended_pairs_keep_their_thread(app, login_as):
    mentor, mentee, pair_id = _pair(app)
    client = login_as(mentee)
    page = client.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "   "})
    assert page.status_code == 200 and 'id="body-error"' in page.get_data(as_text=True)
    page = client.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "x" * 4001})
    assert 'id="body-error"' in page.get_data(as_text=True) and "x" * 4001 in page.get_data(as_text=True)
    client.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "Before the end"})
    client.post(f"/mentoring/pairs/{pair_id}/close", data={"outcome": "completed", "reason": ""})
    page = client.get(f"/mentoring/pairs/{pair_id}/messages").get_data(as_text=True)
    assert "Before the end" in page and "read-only" in page
    response = client.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "After"}, follow_redirects=True)
    assert "no new ones can be sent" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(PairMessage)) == 1
        exported = mentoring_messages.messages_for_export(db.session.get(type(mentor), mentor.id))
        assert [m["text"] for m in exported] == ["Before the end"] and exported[0]["from_me"] is False


def test_a_concern_reaches_the_organisers_and_quotes_only_when_chosen(app, login_as, mail_dir):
    mentor, mentee, pair_id = _pair(app)
    with app.app_context():
        organiser = make_user(role="organiser", full_name="Olu Organiser")
        db.session.commit()
        organiser_email = organiser.email
    client = login_as(mentee)
    client.post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "Ordinary message"})
    login_as(mentor).post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "Worrying words"})
    page = client.post(f"/mentoring/pairs/{pair_id}/concern", data={"note": "", "quote": ""})
    assert 'id="note-error"' in page.get_data(as_text=True)
    client.post(f"/mentoring/pairs/{pair_id}/concern", data={"note": "I feel pressured.", "quote": ""})
    mail = read_mail(mail_dir, to=organiser_email)
    body = mail[-1].get_body(("plain",)).get_content()
    assert "I feel pressured." in body and "Worrying words" not in body and "Ordinary" not in body
    with app.app_context():
        quoted_id = db.session.scalar(db.select(PairMessage.id).where(PairMessage.body == "Worrying words"))
    client.post(f"/mentoring/pairs/{pair_id}/concern", data={"note": "Here is what he wrote.", "quote": quoted_id})
    body = read_mail(mail_dir, to=organiser_email)[-1].get_body(("plain",)).get_content()
    assert "Worrying words" in body and "Ordinary" not in body
    page = login_as(organiser).get("/mentoring/organiser/concerns").get_data(as_text=True)
    assert "I feel pressured." in page and "Worrying words" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(PairConcern)) == 2
        assert db.session.scalar(db.select(OutboxMessage.sensitive).where(OutboxMessage.kind == "mentoring_concern"))
    page = client.post(f"/mentoring/pairs/{pair_id}/concern", data={"note": "x", "quote": "999999"})
    assert 'id="quote-error"' in page.get_data(as_text=True)


def test_contact_details_are_shared_only_as_chosen_and_only_while_active(app, login_as):
    mentor, mentee, pair_id = _pair(app)
    newcomer = login_as(mentee)
    page = newcomer.post("/mentoring/contact", data={"phone": "call me maybe", "share_phone": "y"})
    assert page.status_code == 200 and 'id="phone-error"' in page.get_data(as_text=True)
    assert "call me maybe" in page.get_data(as_text=True)
    page = newcomer.post("/mentoring/contact", data={"video_link": "javascript:alert(1)", "share_video": "y"})
    assert 'id="video_link-error"' in page.get_data(as_text=True)
    assert newcomer.post("/mentoring/contact", data={
        "phone": "+44 7700 900123", "share_phone": "y", "video_link": "https://meet.example.org/amina",
        "share_video": ""}).status_code == 302
    space = login_as(mentor).get(f"/mentoring/pairs/{pair_id}").get_data(as_text=True)
    assert "+44 7700 900123" in space and "meet.example.org/amina" not in space and mentee.email not in space
    assert "Mentoring contact details" in newcomer.get("/profile/settings").get_data(as_text=True)
    newcomer.post(f"/mentoring/pairs/{pair_id}/close", data={"outcome": "completed", "reason": ""})
    assert "+44 7700 900123" not in login_as(mentor).get(f"/mentoring/pairs/{pair_id}").get_data(as_text=True)
    with app.app_context():
        exported = mentoring_contact.contact_for_export(db.session.get(type(mentee), mentee.id))
        assert exported["phone"] == "+44 7700 900123" and exported["share_video"] is False


def test_the_data_download_holds_the_pair_space_and_erasure_blanks_what_the_member_wrote(app, login_as):
    from softlanding.blueprints.accounts.erasure import erase
    from softlanding.blueprints.accounts.models import User
    from softlanding.blueprints.mentoring import privacy as mentoring_privacy

    mentor, mentee, pair_id = _pair(app)
    login_as(mentee).post(f"/mentoring/pairs/{pair_id}/messages", data={"body": SECRET})
    login_as(mentor).post(f"/mentoring/pairs/{pair_id}/messages", data={"body": "Good luck, I will call you"})
    with app.app_context():
        member = db.session.get(User, mentee.id)
        mine = mentoring_privacy.export(member)
        texts = [m["text"] for m in mine["mentoring_messages"]]
        assert SECRET in texts and "Good luck, I will call you" in texts  # the thread as the member saw it
        assert {"mentoring_planned_meetings", "mentoring_contact_sharing", "mentoring_checkins"} <= set(mine)
        erase(member, actor=member)
        db.session.commit()
        left = db.session.scalars(db.select(PairMessage.body).where(PairMessage.mentorship_id == pair_id)).all()
        assert SECRET not in left and "Good luck, I will call you" in left  # the mentor's own words stay
