"""Text cleaning in one place: limited rich text for event descriptions (cleaned once, on save, with an
allowlist), HTML to plain text, and the control characters no stored text or export may hold."""

import re
from functools import lru_cache
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "a"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "*": set()}  # "*": no lang/title on every tag
ALLOWED_PROTOCOLS = {"http", "https"}
# A disallowed tag is stripped but its text kept; these tags' bodies are code or embedded documents, not text.
_CODE_BLOCKS = {"script", "style", "template", "iframe", "object", "noscript"}
_TAGS = re.compile(r"<[^>]*>")


def clean_html(raw: str | None) -> str:
    """The description with only paragraphs, lists, emphasis and http(s) links left."""
    # link_rel=None: nh3 would add rel="noopener noreferrer" to every link; descriptions never had a rel
    # (no target is allowed, so there is no window.opener to guard), and stored HTML stays as it was.
    cleaned = nh3.clean(raw or "", tags=ALLOWED_TAGS, clean_content_tags=_CODE_BLOCKS,
                        attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_PROTOCOLS,
                        link_rel=None, strip_comments=True)
    return cleaned.strip()


def looks_like_html(raw: str | None) -> bool:
    """True if the text holds any tag (else it is plain text to wrap in paragraphs)."""
    return bool(_TAGS.search(raw or ""))


def plain_to_html(raw: str | None) -> str:
    """Plain text typed into the box: blank lines make paragraphs, single newlines line breaks."""
    from markupsafe import escape

    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (raw or "").replace("\r\n", "\n")) if p.strip()]
    return "".join(f"<p>{'<br>'.join(str(escape(line)) for line in p.splitlines())}</p>" for p in paragraphs)


def description_to_html(raw: str | None) -> str:
    """What is stored for a description typed as plain text or as limited HTML."""
    if looks_like_html(raw):
        return clean_html(raw)
    return clean_html(plain_to_html(raw))


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


# Dropped from plain text: C0/C1 controls except newline, line/paragraph separators, surrogates,
# and Unicode 14 format characters (category Cf: soft hyphen, bidi overrides, zero-width space, BOM,
# tags) except the zero-width (non-)joiners U+200C/U+200D that Arabic and Indic scripts need.
_INVISIBLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    "\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890-\u0891\u08E2\u180E\u200B\u200E-\u200F"
    "\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\U000110BD\U000110CD"
    "\U00013430-\U00013438\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0001\U000E0020-\U000E007F]"
)


def clean_text(value, multiline=True):
    """Remove control and invisible format characters (keeping line breaks if multiline) and trim."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not multiline:
        value = value.replace("\n", " ")
    text = _INVISIBLE.sub("", value)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


_SPACES = re.compile(r" {2,}")
_BLANKS = re.compile(r"\n{3,}")


@lru_cache(maxsize=8192)
def html_to_text(html):
    """Plain text from the limited rich text of an event description (cached: feeds repeat them).

    Blocks become line breaks, list items "- " bullets and links "text (href)", because calendar apps and
    add-to-calendar pages show it as plain text; script and style bodies are dropped.
    """
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return clean_text("".join(parser.parts))


# C0 controls and DEL except tab, newline and carriage return, and the two non-characters XML
# forbids: PostgreSQL refuses NUL in text and either breaks the REFI-QDA exports' XML.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# In a single-line value tab and line breaks are control characters too.
LINE_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f\ufffe\uffff]")


def strip_control(text):
    """`text` without control characters (tab and line breaks kept: it may be free text)."""
    return CONTROL_CHARACTERS.sub("", text)


def free_text(text):
    """Free text as it is stored: no control characters, and every line break (CR LF, lone CR) as LF."""
    # Browsers post line breaks as CR LF but a page holds them as LF, so a highlight counted on the
    # page missed one character per line break; with LF stored, offsets on the page are stored offsets.
    return strip_control(text).replace("\r\n", "\n").replace("\r", "\n")


# Joiners that Arabic, Persian, Urdu and Indic names need; between Latin letters they only hide.
_JOINERS = re.compile("[\u200c\u200d]")
_NEEDS_JOINERS = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufeff]")
NAME_MESSAGE = ("Remove the invisible or direction-changing characters (line breaks, zero-width spaces, "
                "right-to-left overrides): a name must look exactly like what it says.")


def name_problem(value: str | None) -> str | None:
    """Why `value` cannot be a name or title (control characters, CR/LF, bidi overrides, zero-width
    characters: they break mail headers or let one person imitate another), or None if it can."""
    if not value:
        return None
    if _INVISIBLE.search(value) or "\n" in value:
        return NAME_MESSAGE
    if _JOINERS.search(value) and not _NEEDS_JOINERS.search(value):
        return NAME_MESSAGE
    return None
