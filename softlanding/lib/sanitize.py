"""Limited rich text for event descriptions: cleaned once, on save, with an allowlist."""

import re

import bleach

ALLOWED_TAGS = ["p", "br", "ul", "ol", "li", "em", "strong", "a"]
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = ["http", "https"]
# bleach strips a disallowed tag but keeps its text; script and style bodies are code, not text.
_CODE_BLOCKS = re.compile(r"<(script|style|template|iframe|object)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")


def clean_html(raw: str | None) -> str:
    """The description with only paragraphs, lists, emphasis and http(s) links left."""
    text = _CODE_BLOCKS.sub("", raw or "")
    cleaned = bleach.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                           protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True)
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


def html_to_text(html: str | None) -> str:
    """A plain-text rendering (emails, search snippets)."""
    text = re.sub(r"(?i)<br\s*/?>|</p>|</li>", "\n", html or "")
    text = _TAGS.sub("", text)
    import html as _html

    return re.sub(r"\n{3,}", "\n\n", _html.unescape(text)).strip()
