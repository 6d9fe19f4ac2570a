"""Journey: a newcomer says what they need, sees explained suggestions and asks a mentor; the rep accepts;
both use the shared space; an organiser runs a batch match, removes a pair and publishes."""

from playwright.sync_api import expect

from softlanding.core.extensions import db
from tests.browser.conftest import check_a11y, sign_in, sign_out
from tests.factories import make_mentor, make_seeker, make_user


def test_request_accept_shared_space_and_batch_match(page, app, live_server):
    with app.app_context():
        make_mentor(full_name="Adaeze Okonkwo", email="adaeze@example.org", region="north_west",
                    topics=["arcp_portfolio", "settling_culture"], languages=["en", "yo"], pmq_country="NG",
                    modes=["video", "phone"])
        make_mentor(full_name="Rajesh Venkataraman", region="london", topics=["academic"], capacity=2)
        make_mentor(full_name="Samira Haddad", region="scotland", topics=["mrcpch_akp", "arcp_portfolio"], capacity=2)
        make_user(full_name="Amara Okafor", email="amara@example.org", region="north_west", languages=["en", "yo"],
                  pmq_country="NG", career_stage="foundation_led")
        for i, topic in enumerate(["academic", "mrcpch_akp", "arcp_portfolio"]):
            make_seeker(full_name=f"Waiting Newcomer {i}", topics=[topic], waited_days=20 - i)
        make_user(role="organiser", full_name="Olivia Organiser", email="olivia@example.org")
        db.session.commit()

    # The newcomer says what they need, most important first; a repeated choice is explained.
    sign_in(page, "amara@example.org")
    page.get_by_label("Main").get_by_role("link", name="Find a mentor").click()
    check_a11y(page, "mentoring-index-new")
    page.get_by_role("link", name="Tell us what you need").click()
    page.get_by_label("Most important").select_option(label="ARCP and the e-portfolio (Kaizen)")
    page.get_by_label("Second (optional)").select_option(label="ARCP and the e-portfolio (Kaizen)")
    page.get_by_label("Your goals").fill("Get through my first ARCP and understand NHS ward culture.")
    page.get_by_label("A mentor who shares my language or country of qualification").check()
    page.get_by_label("Video call").check()
    page.get_by_role("button", name="Save my preferences").click()
    expect(page.locator("#need_2-error")).to_contain_text("You chose this already")
    expect(page.get_by_label("Your goals")).to_have_value("Get through my first ARCP and understand NHS ward culture.")
    check_a11y(page, "mentoring-preferences-error")
    page.get_by_label("Second (optional)").select_option(label="Settling in: NHS culture")
    page.get_by_role("button", name="Save my preferences").click()
    expect(page.get_by_text("Your mentoring preferences are saved")).to_be_visible()

    # Suggestions with a percentage and plain reasons; the best fit first.
    first = page.locator("li.suggestion").first
    expect(first).to_contain_text("Adaeze")
    expect(first.locator(".match-percent")).to_contain_text("% match")
    expect(first.locator(".reasons")).to_contain_text("the thing you most want help with")
    expect(first.locator(".reasons")).to_contain_text("Speaks Yoruba")
    expect(page.get_by_text("Your place in the queue")).to_be_visible()
    check_a11y(page, "mentoring-suggestions")
    first.get_by_role("link", name="Ask Adaeze").click()
    check_a11y(page, "mentoring-request")
    page.get_by_label("A short message to the mentor (optional)").fill("I start in Manchester in February.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request is sent to Adaeze")).to_be_visible()
    expect(page.locator("#requests-h")).to_be_visible()
    sign_out(page)

    # The rep accepts; the shared space opens; they log a meeting.
    sign_in(page, "adaeze@example.org")
    page.get_by_label("Main").get_by_role("link", name="My mentees").click()
    expect(page.get_by_text("I start in Manchester in February.")).to_be_visible()
    check_a11y(page, "mentoring-mentor-home")
    page.get_by_role("button", name="Accept Amara").click()
    expect(page.get_by_text("Your shared space is open")).to_be_visible()
    check_a11y(page, "mentoring-space-mentor")
    page.get_by_label("Goals you both agree on").fill("First ARCP in March; shadow a handover.")
    page.get_by_role("button", name="Save goals").click()
    page.get_by_label("How you met").select_option(label="Video call")
    page.get_by_label("Date you met").fill("2020-01-01")
    page.get_by_label("Private notes (only the two of you see them)").fill("Went through the Kaizen curriculum.")
    page.get_by_role("button", name="Log meeting").click()
    expect(page.locator("#met_on-error")).to_contain_text("before your mentoring started")
    check_a11y(page, "mentoring-space-error")
    page.get_by_label("Date you met").fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    page.get_by_role("button", name="Log meeting").click()
    expect(page.get_by_text("Meeting logged.")).to_be_visible()
    space_url = page.url.split("#")[0]
    sign_out(page)

    # The newcomer opens the same space, sees the meeting, and ticks an induction area.
    sign_in(page, "amara@example.org")
    page.get_by_label("Main").get_by_role("link", name="Find a mentor").click()
    page.get_by_role("link", name="Open your shared space").click()
    expect(page.get_by_text("Went through the Kaizen curriculum.")).to_be_visible()
    expect(page.get_by_label("Goals you both agree on")).to_have_value("First ARCP in March; shadow a handover.")
    page.get_by_role("button", name="Tick GMC Welcome to UK Practice session").click()
    expect(page.get_by_role("button", name="Untick GMC Welcome to UK Practice session")).to_be_visible()
    check_a11y(page, "mentoring-space-mentee")
    sign_out(page)

    # The organiser sees the pair exists but cannot open its space; runs a batch, removes a pair, publishes.
    sign_in(page, "olivia@example.org")
    assert page.goto(space_url).status == 403
    page.goto("/")
    page.get_by_label("Main").get_by_role("link", name="Mentoring", exact=True).click()
    check_a11y(page, "mentoring-dashboard")
    page.get_by_role("link", name="Batch matching").click()
    page.get_by_role("button", name="Run a batch match").click()
    expect(page.get_by_text("Draft ready")).to_be_visible()
    rows = page.locator("table.batch-pairs tbody tr")
    expect(rows).to_have_count(3)
    check_a11y(page, "mentoring-batch-draft")
    page.get_by_role("button", name="Remove Waiting Newcomer 0 with").click()
    expect(rows).to_have_count(2)
    page.get_by_role("link", name="Review and publish 2 proposals").click()
    expect(page.get_by_text("4 people will be emailed, once each")).to_be_visible()
    check_a11y(page, "mentoring-batch-confirm")
    page.get_by_role("button", name="Publish and email 4 people").click()
    expect(page.get_by_text("Published: 2 proposals sent.")).to_be_visible()
    check_a11y(page, "mentoring-batch-published")
