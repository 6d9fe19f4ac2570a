"""Limited rich text for event descriptions: cleaned once, on save, with an allowlist."""

import re

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


def looks_like_html(raw):
    """True if the text holds any tag (else it is plain text to wrap in paragraphs)."""
    return bool(_TAGS.search(raw or ""))


def plain_to_html(raw):
    """Plain text typed into the box: blank lines make paragraphs, single newlines line breaks."""
    from markupsafe import escape

    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (raw or "").replace("\r\n", "\n")) if p.strip()]
    return "".join(f"<p>{'<br>'.join(str(escape(line)) for line in p.splitlines())}</p>" for p in paragraphs)


def description_to_html(raw: str | None) -> str:
    """What is stored for a description typed as plain text or as limited HTML."""
    if looks_like_html(raw):
        return clean_html(raw)
    return clean_html(plain_to_html(raw))


def html_to_text(html):
    """A plain-text rendering (emails, search snippets)."""
    text = re.sub(r"(?i)<br\s*/?>|</p>|</li>", "\n", html or "")
    text = _TAGS.sub("", text)
    import html as _html

    return re.sub(r"\n{3,}", "\n\n", _html.unescape(text)).strip()
