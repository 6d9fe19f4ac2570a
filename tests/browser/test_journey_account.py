"""Journey: register, confirm the email from the mail folder, sign in, complete the profile, see it."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_a11y, latest_link


def test_register_verify_login_complete_profile(page, live_server, mail_dir):
    page.goto("/")
    check_a11y(page, "home")
    page.get_by_role("link", name="Join", exact=True).click()
    check_a11y(page, "register")

    # A too-short password is refused next to the field, and what was typed stays.
    page.get_by_label("Full name").fill("Amara Okafor")
    page.get_by_label("Email address").fill("Amara.Okafor@Example.org")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#password-error")).to_contain_text("at least 12 characters")
    expect(page.get_by_label("Full name")).to_have_value("Amara Okafor")
    check_a11y(page, "register-error")

    page.get_by_label("Password").fill("mangoes ripen slowly in lagos")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Check your email")).to_be_visible()

    link = latest_link(mail_dir, r"https?://\S+/account/verify/\S+")
    page.goto(link)
    check_a11y(page, "verify-email")
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_text("your email address is confirmed")).to_be_visible()

    page.get_by_label("Email address").fill("amara.okafor@example.org")
    page.get_by_label("Password").fill("mangoes ripen slowly in lagos")
    page.get_by_role("button", name="Sign in").click()
    check_a11y(page, "home-signed-in")

    page.goto("/profile/")
    expect(page.get_by_text("Your profile is not complete yet")).to_be_visible()
    page.get_by_role("link", name="Edit profile").click()
    check_a11y(page, "profile-edit")
    page.get_by_label("Career stage").select_option(label="ST1–ST4 (core paediatrics)")
    page.get_by_label("UK region").select_option(label="North West")
    page.get_by_label("Country of primary medical qualification").select_option(label="Nigeria")
    page.get_by_label("Month", exact=True).select_option(label="February")  # a month without its year
    page.get_by_label("Applied Knowledge in Practice (AKP)").select_option(label="Booked")
    page.get_by_label("Neonatal medicine").check()
    page.get_by_label("English", exact=True).check()
    page.get_by_label("Filter languages").fill("yor")  # the filter box (site.js) narrows the list
    page.get_by_label("Yoruba").check()
    page.get_by_label("About you").fill("Neonatal SHO from Lagos, arriving in Manchester.")
    page.get_by_role("button", name="Save profile").click()

    # The missing year is explained next to the field; nothing else typed was lost.
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator("#nhs_start_month-error")).to_contain_text("Choose the year as well as the month")
    expect(page.get_by_label("About you")).to_have_value("Neonatal SHO from Lagos, arriving in Manchester.")
    expect(page.get_by_label("Neonatal medicine")).to_be_checked()
    check_a11y(page, "profile-edit-error")
    page.get_by_label("Year", exact=True).select_option("2027")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("Your profile is saved")).to_be_visible()
    details = page.locator("dl.details")
    expect(details).to_contain_text("North West")
    expect(details).to_contain_text("Nigeria")
    expect(details).to_contain_text("Applied Knowledge in Practice (AKP): booked")
    expect(details).to_contain_text("Neonatal medicine")
    expect(details).to_contain_text("Yoruba")
    check_a11y(page, "profile-view")


def test_phone_width_navigation_and_error_page(phone_page):
    phone_page.goto("/no-such-page")
    expect(phone_page.get_by_role("heading", name="Page not found")).to_be_visible()
    check_a11y(phone_page, "404-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways on a phone ({width}px wide)"
