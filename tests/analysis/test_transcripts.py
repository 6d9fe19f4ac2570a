"""Focus groups and interviews as sources (issue 16 item 5): upload, size limit, pseudonyms, and turns in the
workspace, coding, suggestions, review, exports (REFI-QDA text sources) and the report's themes."""

import csv
import io
import re
import zipfile
from datetime import date

from lxml import etree
from sqlalchemy import select

from softlanding.blueprints.analysis.models import Coding, Transcript, Turn
from softlanding.blueprints.analysis.review import top_themes
from softlanding.core.extensions import db
from tests.analysis import ref
from tests.factories import make_code, make_event
from tests.lib.test_transcripts import ZOOM

P = "{urn:QDA-XML:project:1.0}"


def _upload(client, data=None, name="focus.vtt", **fields):
    form = {"title": "Focus group: ARCP", "event_id": "", "held_on": "2026-03-14", **fields,
            "file": (io.BytesIO(ZOOM.encode() if data is None else data), name)}
    return client.post("/analysis/transcripts", data=form, content_type="multipart/form-data",
                       follow_redirects=True)


def test_upload_map_speakers_and_code_a_turn_everywhere(app, login_as):
    with app.app_context():
        event = make_event(title="ARCP focus group", category="webinar", days_ago=30)
        code = make_code("Portfolio")
        db.session.commit()
        event_id, code_id = event.id, code.id
    client = login_as("organiser")
    page = _upload(client, event_id=str(event_id)).get_data(as_text=True)
    assert "Transcript uploaded: 2 speaker turns" in page and "Pseudonym for “Dr Amina Yusuf”" in page
    with app.app_context():
        transcript = db.session.scalar(select(Transcript))
        assert transcript.content == ZOOM.encode() and transcript.held_on == date(2026, 3, 14)
        turn_id = db.session.scalar(select(Turn.id).where(Turn.speaker == "Tariq"))
        tid = transcript.id
    client.post(f"/analysis/transcripts/{tid}", data={"speaker-0": "Moderator", "speaker-1": "P1"})
    workspace = client.get("/analysis/?source=transcripts").get_data(as_text=True)
    assert "2 answers" in workspace and "Focus group: ARCP: P1" in workspace and "Tariq" not in workspace
    text = "بہت شکریہ 🙏 the portfolio part\nwas the hardest."
    part = "portfolio part\nwas"
    start = text.index(part)
    r = client.post(f"/analysis/texts/{ref(app, 'turn', turn_id)}/codings",
                    data={"code_ids": [str(code_id)], "start": str(start), "end": str(start + len(part))})
    assert r.status_code == 302
    page = client.get("/analysis/?source=transcripts").get_data(as_text=True)
    assert re.search(r'<mark class="coded hl-teal" title="Portfolio">portfolio part\nwas</mark>', page)
    # Quotes, review, the project export and the impact report's themes all carry the coded turn.
    quotes = list(csv.DictReader(io.StringIO(client.get("/analysis/exports/quotes.csv").get_data(as_text=True),
                                             newline="")))
    assert [(q["code"], q["quote"], q["event"]) for q in quotes] == [("Portfolio", part, "ARCP focus group")]
    assert "ARCP focus group" in client.get("/analysis/review").get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/analysis/exports/project.qdpx?source=transcripts").data))
    doc = etree.fromstring(archive.read("project.qde"))
    sources = {s.get("name"): archive.read(s.get("plainTextPath").replace("internal://", "sources/")).decode()
               for s in doc.iter(f"{P}TextSource")}
    assert set(sources.values()) == {text, "Welcome everyone.\nLet us start with ARCP."}
    assert all("Tariq" not in name and "Amina" not in name for name in sources)
    sel = next(doc.iter(f"{P}PlainTextSelection"))
    assert text[int(sel.get("startPosition")):int(sel.get("endPosition"))] == part
    with app.app_context():
        themes = top_themes(date(2026, 3, 1), date(2026, 3, 31))
        assert [(t["theme"], t["count"], t["quote_answer_text"]) for t in themes] == [("Portfolio", 1, part)]
    # A memo on a turn.
    client.post(f"/analysis/texts/{ref(app, 'turn', turn_id)}", data={"body": "Links ARCP to the portfolio."})
    assert "Links ARCP to the portfolio." in client.get(f"/analysis/texts/{ref(app, 'turn', turn_id)}").get_data(as_text=True)


def test_suggestions_run_over_transcript_turns(app, login_as):
    lines = []
    topics = ["portfolio arcp evidence kaizen supervisor", "interview mock station panel nerves",
              "exam mrcpch revision theory papers"]
    for i in range(30):
        words = topics[i % 3].split()
        lines.append(f"P{i % 5}: {' '.join(words[(i + k) % 5] for k in range(8))}")
        lines.append(f"Moderator: thanks {i}")
    client = login_as("organiser")
    _upload(client, "\n".join(lines).encode(), "group.txt")
    page = client.get("/analysis/suggestions?k=3&source=transcripts").get_data(as_text=True)
    assert "Over 60 answers" in page and len(re.findall(r"/accept\?", page)) == 3


def test_bad_uploads_keep_the_form_and_say_why(app, login_as):
    client = login_as("organiser")
    big = _upload(client, b"A: " + b"x" * (1024 * 1024 + 10), "big.txt").get_data(as_text=True)
    assert "larger than 1 MB" in big
    page = _upload(client, b"x", "notes.pdf", title="Keep this title").get_data(as_text=True)
    assert "Upload a .txt, .docx or .vtt" in page and 'value="Keep this title"' in page
    assert "Give the transcript a title" in _upload(client, title="").get_data(as_text=True)
    assert "Give the date" in _upload(client, held_on="").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Transcript)) is None and db.session.scalar(select(Coding)) is None


def test_the_demo_has_a_focus_group_with_pseudonyms_and_a_coded_turn(app, runner, login_as):
    assert runner.invoke(args=["seed-demo", "--password", "demo password for tests"]).exit_code == 0
    page = login_as("organiser").get("/analysis/?source=transcripts").get_data(as_text=True)
    assert "Focus group: getting through ARCP: P1" in page and "بہت شکریہ" in page and "شكراً جزيلاً" in page
    assert "Tariq" not in page and "Layla" not in page
    assert re.search(r'<mark class="coded hl-[a-z]+" title="Portfolio and Kaizen evidence">what evidence Kaizen needs'
                     r'</mark>', page)
