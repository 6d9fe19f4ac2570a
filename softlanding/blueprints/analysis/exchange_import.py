"""Importing a REFI-QDA codebook (.qdc) from NVivo, QualCoder or ATLAS.ti: merge by GUID, then by name.

Our codebook has two levels (themes group codes). A non-codable code, or one with codes under it,
becomes a theme; codes deeper than two levels join their top-level theme (the summary counts them).
A code matched by name takes the file's GUID, so the next export is recognised by the other program.
Nothing already coded is changed: matched codes keep their name, colour and codings; an empty
definition is filled from the file's description.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from softlanding.blueprints.analysis import codebook
from softlanding.blueprints.analysis.models import Coding
from softlanding.core.errors import ValidationError
from softlanding.core.extensions import db
from softlanding.lib import refiqda

MAX_BYTES = 2 * 1024 * 1024


@dataclass
class ImportSummary:
    """What an import did, for the message shown afterwards."""

    created: list = field(default_factory=list)
    by_guid: list = field(default_factory=list)
    by_name: list = field(default_factory=list)
    flattened: int = 0


def _nearest_colour(colour):
    """The palette colour nearest to #RRGGBB (our palette is the accessible one), or the first."""
    try:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    except (TypeError, ValueError, IndexError):
        return codebook.PALETTE[0][0]
    return min(codebook.PALETTE, key=lambda p: sum((int(p[0][i:i + 2], 16) - v) ** 2
                                                   for i, v in zip((1, 3, 5), (r, g, b), strict=True)))[0]


def _guid(value):
    value = (value or "").strip().lower()
    return value if len(value) == 36 else ""


def import_codebook(user, data):
    """Merge the codebook in `data` (bytes of a .qdc) into ours; returns an ImportSummary."""
    if not data:
        raise ValidationError("Choose a .qdc codebook file to import.", field="file")
    if len(data) > MAX_BYTES:
        raise ValidationError("The file is larger than 2 MB; a codebook is far smaller.", field="file")
    try:
        top = refiqda.read_codebook(data)
    except refiqda.CodebookError as error:
        raise ValidationError(f"{error} Export the codebook as REFI-QDA (.qdc) and try again.", field="file") from None
    summary = ImportSummary()
    by_guid = {c.guid.lower(): c for c in codebook.all_codes() if c.guid}
    by_name = {c.name.lower(): c for c in codebook.all_codes()}

    def place(read, as_theme, parent):
        name = read.name[:120]
        code = by_guid.get(_guid(read.guid))
        if code is not None:
            summary.by_guid.append(code.name)
        else:
            code = by_name.get(name.lower())
            if code is not None:
                summary.by_name.append(code.name)
                if _guid(read.guid) and _guid(read.guid) not in by_guid:
                    by_guid.pop((code.guid or "").lower(), None)
                    code.guid = _guid(read.guid)
                    by_guid[code.guid] = code
        if code is None:
            colour = _nearest_colour(read.colour)
            if as_theme:
                code = codebook.create_code(user, name, read.description[:2000], colour, None, True)
            else:
                code = codebook.create_code(user, name, read.description[:2000], colour,
                                            parent.id if parent is not None and parent.is_theme else None, False)
            if _guid(read.guid) and _guid(read.guid) not in by_guid:
                code.guid = _guid(read.guid)
            by_guid[(code.guid or "").lower()] = code
            by_name[code.name.lower()] = code
            summary.created.append(code.name)
        elif not code.definition and read.description:
            code.definition = read.description[:2000]
        return code

    def descendants(read):
        for child in read.children:
            yield child
            yield from descendants(child)

    for read in top:
        is_group = not read.codable or bool(read.children)
        existing = by_guid.get(_guid(read.guid)) or by_name.get(read.name[:120].lower())
        if is_group and existing is not None and not existing.is_theme and _has_codings(existing):
            is_group = False  # a code already applied to text stays a code; its children stand alone
        theme = place(read, is_group, None)
        for depth_one in read.children:
            place(depth_one, False, theme if theme.is_theme else None)
            for deeper in descendants(depth_one):
                summary.flattened += 1
                place(deeper, False, theme if theme.is_theme else None)
    db.session.flush()
    return summary


def _has_codings(code):
    return bool(db.session.scalar(select(func.count()).select_from(Coding).where(Coding.code_id == code.id)))


