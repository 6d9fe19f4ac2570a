"""The events desk at scale: 5,000 events and 50,000 bookings (bench.events' data set), SQLite file.

Times, in the same run: the desk page sorted on a counted column and its whole-table CSV beside a minimal
Flask route; the listing's search over every field beside the plain listing; one certificate PDF beside
a bare fpdf2 page with the same font."""

import shutil
import tempfile
import time
from pathlib import Path

from fpdf import FPDF

from ._common import make_app, median_time, print_figures
from .events import N_BOOKINGS, N_EVENTS, populate


def _login_organiser(app, client):
    from softlanding.blueprints.accounts.models import User, UserRole
    from softlanding.core.extensions import db

    with app.app_context():
        user = db.session.get(User, 1)
        user.role_rows.append(UserRole(role="organiser"))
        db.session.commit()
        user_id = user.get_id()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user_id, True


def bare_pdf(fonts):
    """The baseline: one page of text in the same font, straight from fpdf2."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 6, "Certificate of attendance\nA Person\nAn event\n1.5 hours")
    return bytes(pdf.output())


def main():
    """Build the data, time the desk, search and a certificate, print a table and BENCH lines."""
    folder = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    try:
        app = make_app(folder)
        with app.app_context():
            start = time.perf_counter()
            populate()
            setup_seconds = time.perf_counter() - start
        client = app.test_client()
        _login_organiser(app, client)
        minimal = median_time(lambda: client.get("/_bench/minimal"), 50)
        assert client.get("/events/desk?sort=booked").status_code == 200
        figures = [
            ("desk_page", "desk page 1, sorted by booked", median_time(lambda: client.get("/events/desk?sort=booked"), 10),
             "minimal Flask route", minimal),
            ("desk_csv", f"desk.csv, all {N_EVENTS} events", median_time(lambda: client.get("/events/desk.csv"), 3),
             "minimal Flask route", minimal),
        ]
        listing = median_time(lambda: client.get("/events/"), 10)
        figures.append(("search", "listing ?q=leeds practical", median_time(lambda: client.get("/events/?q=leeds+practical"), 10),
                        "listing, no search", listing))
        with app.app_context():
            from softlanding.blueprints.events.certificates import fonts_dir
            from softlanding.lib.documents import CertificateText, certificate_pdf

            fonts = fonts_dir()
            text = CertificateText("Soft Landing", "José Ñúñez", "ARCP: what panels look for", "Tuesday 1 December 2026",
                                   "1.5", "Dr Host", "0" * 32, "https://example.org/certificates/x")
            figures.append(("certificate_pdf", "one certificate PDF", median_time(lambda: certificate_pdf(text, fonts), 5),
                            "bare fpdf2 page, same font", median_time(lambda: bare_pdf(fonts), 5)))
        print(f"events={N_EVENTS} bookings={N_BOOKINGS} setup={setup_seconds:.1f}s (SQLite file, medians)")
        print_figures("desk", figures, f"events={N_EVENTS} bookings={N_BOOKINGS}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
