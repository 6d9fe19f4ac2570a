"""Journey (issue 16 item 5): an organiser uploads a Zoom .vtt transcript of a focus group, gives the speakers
pseudonyms and codes part of one turn in the workspace (axe-checked)."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from softlanding.blueprints.analysis.models import Coding, Turn
from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y
from tests.factories import PASSWORD, make_code, make_event, make_user
from tests.lib.test_transcripts import ZOOM


def test_upload_a_vtt_transcript_and_code_a_turn(page, live_server, app, tmp_path):
    with app.app_context():
        make_user(role="organiser", email="org.transcripts@example.org")
        make_event(title="ARCP focus group", days_ago=20)
        make_code("Portfolio worries")
        db.session.commit()
    vtt = tmp_path / "GMT20260314-focus-group.vtt"
    vtt.write_text(ZOOM, encoding="utf-8")
    page.goto("/account/login")
    page.get_by_label("Email address").fill("org.transcripts@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/analysis/transcripts")
    check_a11y(page, "analysis-transcripts")
    page.get_by_label("Title").fill("Focus group: getting through ARCP")
    page.get_by_label("Event").select_option(index=1)  # the only event: "ARCP focus group (date)"
    expect(page.get_by_label("Event")).to_contain_text("ARCP focus group")
    page.get_by_label("Date it took place").fill("2026-03-14")
    page.get_by_label("Transcript file").set_input_files(str(vtt))
    page.get_by_role("button", name="Upload the transcript").click()
    expect(page.get_by_text("Transcript uploaded: 2 speaker turns to code.")).to_be_visible()
    page.get_by_label("Pseudonym for “Dr Amina Yusuf”").fill("Moderator")
    page.get_by_label("Pseudonym for “Tariq”").fill("Participant 1")
    page.get_by_role("button", name="Save pseudonyms").click()
    expect(page.get_by_text("Pseudonyms saved.")).to_be_visible()
    check_a11y(page, "analysis-transcript")
    page.get_by_role("link", name="Code these turns in the workspace").click()
    page.wait_for_load_state("load")
    card = page.locator(".answer-card", has_text="Participant 1")
    expect(card).to_have_count(1)
    expect(page.locator(".answer-card", has_text="Tariq")).to_have_count(0)
    # Code part of the turn by typing its words (the keyboard path without JavaScript).
    card.get_by_role("group", name=re.compile("Codes for answer")).get_by_label("Portfolio worries").check()
    card.get_by_label("Or code only these words (optional)").fill("the portfolio part")
    card.get_by_role("button", name="Code whole answer").click()
    expect(page.get_by_text("Coded the selected text with Portfolio worries.")).to_be_visible()
    expect(page.locator(".answer-card", has_text="Participant 1").locator("mark.coded")).to_have_text(
        "the portfolio part")
    check_a11y(page, "analysis-workspace-transcript")
    with app.app_context():
        coding = db.session.scalar(select(Coding))
        turn = db.session.get(Turn, coding.turn_id)
        assert turn.text[coding.start_offset:coding.end_offset] == "the portfolio part"
