"""Transcripts into speaker turns: Zoom and Teams WebVTT, plain text and Word documents."""

import io

import pytest

from softlanding.lib.transcripts import TranscriptError, parse

ZOOM = """WEBVTT

1
00:00:01.000 --> 00:00:04.500
Dr Amina Yusuf: Welcome everyone.

2
00:00:04.500 --> 00:00:09.000
Dr Amina Yusuf: Let us start with ARCP.

3
00:00:09.000 --> 00:01:02.250
Tariq: بہت شکریہ 🙏 the portfolio part
was the hardest.
"""

TEAMS = """WEBVTT

NOTE produced by Teams

00:00:01.000 --> 00:00:03.000
<v Grace Okafor>Hello from Leeds.</v>

01:02:03.004 --> 01:02:05.000
<v Grace Okafor>The exam was hard.</v>
<v Ali>شكراً</v>
"""


def test_zoom_vtt_merges_consecutive_cues_of_one_speaker():
    turns = parse("GMT20260314-Zoom.vtt", ZOOM.replace("\n", "\r\n").encode("utf-8-sig"))
    assert [(t.speaker, t.text, t.start_ms) for t in turns] == [
        ("Dr Amina Yusuf", "Welcome everyone.\nLet us start with ARCP.", 1000),
        ("Tariq", "بہت شکریہ 🙏 the portfolio part\nwas the hardest.", 9000)]


def test_teams_vtt_reads_voice_tags_and_hours():
    turns = parse("meeting.vtt", TEAMS.encode())
    assert [(t.speaker, t.text, t.start_ms) for t in turns] == [
        ("Grace Okafor", "Hello from Leeds.\nThe exam was hard.", 1000), ("Ali", "شكراً", 3723004)]


def test_plain_text_and_docx_lines():
    text = "Moderator: What helped?\nP1: The mock interview.\nIt felt real.\n\nP2: شكراً جزيلاً"
    expected = [("Moderator", "What helped?"), ("P1", "The mock interview.\nIt felt real."), ("P2", "شكراً جزيلاً")]
    assert [(t.speaker, t.text) for t in parse("group.txt", text.encode())] == expected
    from docx import Document

    document = Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    assert [(t.speaker, t.text) for t in parse("group.docx", buffer.getvalue())] == expected


@pytest.mark.parametrize("name,data,message", [
    ("x.pdf", b"x", "Upload a .txt, .docx or .vtt"),
    ("x.vtt", b"not a vtt", "must start with WEBVTT"),
    ("x.txt", b"\xff\xfe\x00", "not UTF-8"),
    ("x.txt", b"\n\n  \n", "No speaker turns"),
    ("x.docx", b"not a zip", "could not be opened"),
])
def test_bad_files_get_a_clear_message(name, data, message):
    with pytest.raises(TranscriptError, match=message):
        parse(name, data)
