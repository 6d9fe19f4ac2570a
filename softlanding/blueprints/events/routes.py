"""Finding and reading events: the listing, an event page, 'My events'."""

from flask import current_app, render_template, request, url_for
from flask_login import current_user, login_required

from softlanding.blueprints.events import access as events
from softlanding.blueprints.events import booking as bookings
from softlanding.blueprints.events import certificates
from softlanding.blueprints.events import followup as event_followup
from softlanding.blueprints.events import listing as event_listing
from softlanding.blueprints.events import slots as event_slots
from softlanding.blueprints.events.blueprint import bp
from softlanding.blueprints.events.models import EVENT_FORMATS
from softlanding.blueprints.events.page import event_page
from softlanding.blueprints.events.visibility import host_sees
from softlanding.blueprints.feedback import surveys
from softlanding.core import reference
from softlanding.core.access import page_arg
from softlanding.core.db import utcnow
from softlanding.core.forms import ConfirmForm
from softlanding.core.mailer import external_url
from softlanding.core.templating import viewer_timezone
from softlanding.lib.ical.weblinks import google_calendar_url, outlook_url
from softlanding.lib.sanitize import html_to_text


def _labels():
    """Every label a card needs, read once per page (not once per card)."""
    return {kind: reference.labels(kind) for kind in
            ("event_category", "mrcpch_component", "interview_level", "career_stage", "mwres_indicator")}


@bp.get("/")
def index():
    """Upcoming (or past) published events, filtered by the query string, paged."""
    filters = event_listing.parse_filters(request.args)
    tz = viewer_timezone()
    per_page = current_app.config["ITEMS_PER_PAGE"]
    pagination = event_listing.list_events(filters, current_user, tz, page_arg(request), per_page)
    return render_template(
        "events/index.html", pagination=pagination, filters=filters, tz=tz,
        labels=_labels(), formats=EVENT_FORMATS, months=event_listing.month_choices(tz),
        lists=event_listing.filter_choices(), event_url=url_for("events.detail", event_id=0).removesuffix("0"),
    )


def calendar_links(event):
    """Google Calendar and Outlook web links (no join link in them)."""
    page = external_url("events.detail", event_id=event.id)
    details = (html_to_text(event.description_html)[:1500] + "\n\n" + page).strip()
    location = event.venue if event.format != "online" else page
    return {"google": google_calendar_url(event.title, event.starts_at, event.ends_at, details, location),
            "outlook": outlook_url(event.title, event.starts_at, event.ends_at, details, location)}


@bp.get("/<int:event_id>")
def detail(event_id):
    """One event: details, time in the viewer's zone, booking state, calendar links."""
    page = event_page(event_id, current_user)
    event, booking = page.event, page.booking
    status = booking.status if booking is not None and booking.status != "cancelled" else None
    position = bookings.waitlist_position(booking) if status == "waitlisted" else None
    manage = events.can_manage(current_user, event)
    return render_template(
        "events/detail.html", event=event, status=status, position=position,
        booked=page.booked, manage=manage, host=events.is_host(current_user, event),
        show_join=events.join_link_visible(event, current_user, status),
        join_hours=current_app.config.get("JOIN_LINK_VISIBLE_HOURS", 24),
        show_resources=event_followup.resources_visible(event, current_user, status),
        my_slot=event_slots.my_slot(current_user, event), labels=_labels(), formats=EVENT_FORMATS,
        links=calendar_links(event), now=utcnow(), confirm=ConfirmForm(),
        host_sees=host_sees(current_user) if current_user.is_authenticated else "",
        event_survey=surveys.survey_for_event(event.id) if manage else None,
        certificate=certificates.certificate_for(current_user, event.id) if status == "booked" else None,
    )


@bp.get("/mine")
@login_required
def my_events():
    """My upcoming and past bookings, events I host and interviews I give."""
    past = request.args.get("when") == "past"
    per_page = current_app.config["ITEMS_PER_PAGE"]
    pagination = event_listing.my_bookings(current_user, past=past, page=page_arg(request), per_page=per_page)
    rows = list(pagination.items)
    return render_template(
        "events/my_events.html", pagination=pagination, past=past, labels=_labels(),
        interviews=event_slots.interviewer_schedule(current_user), formats=EVENT_FORMATS,
        my_slots=event_slots.my_slots_for(current_user, [b.event_id for b in rows]),
        positions=bookings.waitlist_positions(rows),
        certified=certificates.certified_ids([b.id for b in pagination.items]) if past else set(),
    )
