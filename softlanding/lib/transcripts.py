"""Focus-group and interview transcripts into speaker turns: plain text, Word (.docx), Zoom / Teams WebVTT.

Plain data in, plain data out. A turn is (speaker, text, start in milliseconds or None). Consecutive
cues or lines of one speaker make one turn. Text is kept with LF line breaks, as all stored text is.
"""

import io
import re
from dataclasses import dataclass

MAX_TURNS = 5000
MAX_SPEAKER = 80
_TIMING = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})\s+-->\s+")
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>(.*?)(?:</v>|$)", re.S)
_TAG = re.compile(r"</?[^>]+>")
# "Name: words" with a short name of letters (any script), spaces, dots, hyphens and digits.
_SPEAKER = re.compile(r"^\s*([^\W\d_][\w .'’\-()]{0,78}?)\s*:\s+(.*)$", re.S)


class TranscriptError(ValueError):
    """The file cannot be read as a transcript (the message says why, for the person uploading)."""


@dataclass
class Turn:
    """One speaker turn."""

    speaker: str
    text: str
    start_ms: int | None = None


def _lf(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _merge(turns):
    merged: list[Turn] = []
    for turn in turns:
        text = turn.text.strip()
        if not text:
            continue
        if merged and merged[-1].speaker == turn.speaker:
            merged[-1].text += "\n" + text
        else:
            merged.append(Turn(turn.speaker[:MAX_SPEAKER], text, turn.start_ms))
    if len(merged) > MAX_TURNS:
        raise TranscriptError(f"The transcript has more than {MAX_TURNS} speaker turns; split it into parts.")
    if not merged:
        raise TranscriptError("No speaker turns were found in the file.")
    return merged


def from_lines(text):
    """Turns from lines "Speaker: words"; a line without a speaker continues the turn before it."""
    turns: list[Turn] = []
    for line in _lf(text).split("\n"):
        if not line.strip():
            continue
        found = _SPEAKER.match(line)
        if found:
            turns.append(Turn(found.group(1).strip(), found.group(2)))
        elif turns:
            turns[-1] = Turn(turns[-1].speaker, turns[-1].text + "\n" + line.strip(), turns[-1].start_ms)
        else:
            turns.append(Turn("Unknown speaker", line))
    return _merge(turns)


def from_vtt(text):
    """Turns from WebVTT: Teams puts the speaker in <v Name>, Zoom writes "Name: words" in the cue."""
    text = _lf(text).lstrip("\ufeff")
    if not text.startswith("WEBVTT"):
        raise TranscriptError("A .vtt file must start with WEBVTT (save the transcript from Zoom or Teams again).")
    turns = []
    for block in re.split(r"\n\s*\n", text)[1:]:
        lines = block.split("\n")
        timing = next((i for i, line in enumerate(lines) if _TIMING.match(line)), None)
        found_timing = _TIMING.match(lines[timing]) if timing is not None else None
        if timing is None or found_timing is None:
            continue  # NOTE, STYLE and REGION blocks
        h, m, s, ms = found_timing.groups()
        start = ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)
        cue = "\n".join(lines[timing + 1:])
        voices = _VOICE.findall(cue)
        if voices:
            for speaker, words in voices:
                turns.append(Turn(speaker.strip(), _TAG.sub("", words), start))
            continue
        cue = _TAG.sub("", cue)
        found = _SPEAKER.match(cue)
        turns.append(Turn(found.group(1).strip(), found.group(2), start) if found
                     else Turn(turns[-1].speaker if turns else "Unknown speaker", cue, start))
    return _merge(turns)


def from_docx(data):
    """Turns from a Word document's paragraphs, read as lines "Speaker: words"."""
    import zipfile

    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TranscriptError("The .docx file could not be opened; save it again from Word.") from error
    return from_lines("\n".join(p.text for p in document.paragraphs))


def parse(filename, data):
    """Turns from an uploaded file, by its extension (.txt, .docx, .vtt)."""
    name = (filename or "").lower()
    if name.endswith(".docx"):
        return from_docx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranscriptError("The file is not UTF-8 text; save it as UTF-8 and upload it again.") from None
    if name.endswith(".vtt"):
        return from_vtt(text)
    if name.endswith(".txt"):
        return from_lines(text)
    raise TranscriptError("Upload a .txt, .docx or .vtt (Zoom or Teams) transcript.")
