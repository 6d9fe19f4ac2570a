"""Plain text for calendar properties: HTML to text, control characters removed."""

import re
import unicodedata
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "ul", "ol", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}
_SKIP = {"script", "style", "head", "title"}


class _TextExtractor(HTMLParser):
    """Collect text; blocks become line breaks, list items bullets, links 'text (href)'."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self.hrefs:
            href = self.hrefs.pop()
            # Show where a link goes, since calendar apps show DESCRIPTION as plain text.
            if href.startswith(("http://", "https://")):
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def clean_text(value, multiline=True):
    """Remove control and format characters (keeping line breaks if multiline) and trim."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = []
    for char in value:
        if char == "\n":
            kept.append("\n" if multiline else " ")
        elif unicodedata.category(char) in {"Cc", "Cs", "Co", "Cn"} or char in "\u2028\u2029":
            continue  # control, surrogate, private-use and unassigned code points
        elif unicodedata.category(char) == "Cf" and char not in "\u200c\u200d":
            continue  # bidi overrides and other invisible format characters (ZWJ/ZWNJ kept for scripts)
        else:
            kept.append(char)
    text = "".join(kept)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_text(html):
    """Plain text from the limited rich text of an event description."""
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return clean_text("".join(parser.parts))
