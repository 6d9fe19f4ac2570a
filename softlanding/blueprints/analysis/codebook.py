"""The codebook and coding: codes grouped under themes, rename, merge, delete; codings; memos."""

from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import delete, func, select, update

from softlanding.blueprints.analysis import blind
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.models import Code, Coding, Memo
from softlanding.core import stamps
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db

# Accessible palette: every colour has a contrast ratio of at least 4.5:1 with white text (WCAG AA),
# checked in tests/test_analysis_codebook.py. (hex, name, css class suffix)
PALETTE = [
    ("#0b5563", "Teal"), ("#1d4f91", "Blue"), ("#5b3a8c", "Purple"), ("#8a2a5c", "Plum"),
    ("#b3261e", "Red"), ("#7a4b00", "Brown"), ("#1e6b35", "Green"), ("#3d4f5c", "Slate"),
]
PALETTE_CLASS = {hex_: f"swatch-{name.lower()}" for hex_, name in PALETTE}
HIGHLIGHT_CLASS = {hex_: f"hl-{name.lower()}" for hex_, name in PALETTE}


class ThemeGroup(TypedDict):
    """A theme in the codebook, with the codes grouped under it."""

    theme: Code
    codes: list[Code]


def colour_class(colour):
    """The CSS class that paints a code's colour (inline styles are not allowed by our CSP)."""
    return PALETTE_CLASS.get(colour, "swatch-teal")


def highlight_class(colour):
    """The CSS class that highlights a coded span in its code's colour (a light tint, a line in the colour)."""
    return HIGHLIGHT_CLASS.get(colour, "hl-teal")


def get_code(code_id):
    """A code or theme by id, or NotFound."""
    code = db.session.get(Code, code_id) if isinstance(code_id, int) else None
    if code is None:
        raise NotFound("That code does not exist.")
    return code


def all_codes():
    """Every code and theme, themes first then by name."""
    return list(db.session.scalars(select(Code).order_by(Code.is_theme.desc(), func.lower(Code.name))))


def codebook() -> tuple[list[ThemeGroup], list[Code], dict[int, int]]:
    """(themes with their codes, ungrouped codes, {code_id: number of codings}) in three queries."""
    codes = all_codes()
    counts = dict(db.session.execute(select(Coding.code_id, func.count()).where(blind.team_codings()).group_by(Coding.code_id))
                  .tuples().all())
    themes: list[ThemeGroup] = [{"theme": c, "codes": []} for c in codes if c.is_theme]
    by_theme = {t["theme"].id: t for t in themes}
    ungrouped: list[Code] = []
    for code in codes:
        if code.is_theme:
            continue
        (by_theme[code.parent_id]["codes"] if code.parent_id in by_theme else ungrouped).append(code)
    return themes, ungrouped, counts


def codable_codes():
    """Codes that can be applied to text (themes group codes and are not applied themselves)."""
    return [c for c in all_codes() if not c.is_theme]


CODES_KIND = "analysis_codes"  # the codebook as the workspace shows it, kept under a stamp of its table


@dataclass(frozen=True, slots=True)
class CodeChoice:
    """A codable code as the workspace's pickers show it (plain fields, safe to keep between requests)."""

    id: int
    name: str
    colour: str
    parent_name: str | None


def code_choices() -> list[CodeChoice]:
    """codable_codes() as CodeChoices, read once per change of the codebook (the same for every organiser)."""
    return stamps.get_cache().value(CODES_KIND, "codable", lambda: [
        CodeChoice(c.id, c.name, c.colour, c.parent.name if c.parent else None) for c in codable_codes()])


def themes():
    """Every theme, by name."""
    return [c for c in all_codes() if c.is_theme]


def _check(name, colour, parent_id, is_theme, code=None):
    name = (name or "").strip()
    if not name:
        raise ValidationError("Give the code a name.", field="name")
    if len(name) > 120:
        raise ValidationError("Use at most 120 characters.", field="name")
    clash = db.session.scalar(select(Code).where(func.lower(Code.name) == name.lower()))
    if clash is not None and clash is not code:
        raise ValidationError(f"There is already a {'theme' if clash.is_theme else 'code'} called "
                              f"“{clash.name}”. Merge into it or choose another name.", field="name")
    if colour not in PALETTE_CLASS:
        raise ValidationError("Choose a colour from the list.", field="colour")
    if parent_id:
        if is_theme:
            raise ValidationError("A theme cannot sit under another theme.", field="parent_id")
        parent = db.session.get(Code, parent_id)
        if parent is None or not parent.is_theme:
            raise ValidationError("Choose a theme from the list.", field="parent_id")
    if code is not None and code.is_theme and not is_theme:
        has_children = db.session.scalar(select(func.count()).where(Code.parent_id == code.id))
        if has_children:
            raise ValidationError("Move this theme's codes out before making it a code.", field="is_theme")
    if code is not None and is_theme and not code.is_theme:
        if db.session.scalar(select(func.count()).where(Coding.code_id == code.id)):
            raise ValidationError("This code has been applied to text; a theme cannot be. "
                                  "Create a theme and group this code under it.", field="is_theme")
    return name


def create_code(user, name, definition="", colour=PALETTE[0][0], parent_id=None, is_theme=False):
    """Add a code (or a theme) to the codebook."""
    name = _check(name, colour, parent_id, is_theme)
    code = Code(name=name, definition=(definition or "").strip(), colour=colour, is_theme=bool(is_theme),
                parent_id=None if is_theme else (parent_id or None), created_by_id=user.id if user else None)
    db.session.add(code)
    db.session.flush()
    return code


def update_code(code_id, name, definition, colour, parent_id=None, is_theme=None):
    """Rename a code, change its definition or colour, or move it under another theme."""
    code = get_code(code_id)
    is_theme = code.is_theme if is_theme is None else bool(is_theme)
    code.name = _check(name, colour, parent_id, is_theme, code=code)
    code.definition = (definition or "").strip()
    code.colour = colour
    code.is_theme = is_theme
    code.parent_id = None if is_theme else (parent_id or None)
    db.session.flush()
    return code


def merge_codes(source_id, target_id):
    """Move every coding, memo and grouped code of `source` to `target`, then delete `source`.

    Codings that would become exact duplicates (same text, same span) are dropped, not doubled.
    Returns the number of codings moved.
    """
    source, target = get_code(source_id), get_code(target_id)
    if source.id == target.id:
        raise ValidationError("Choose a different code to merge into.", field="target_id")
    if source.is_theme != target.is_theme:
        raise ValidationError("Merge a code into a code, or a theme into a theme.", field="target_id")
    existing = {(c.answer_id, c.closing_feedback_id, c.turn_id, c.checkin_id, c.start_offset, c.end_offset,
                 c.sample_id)
                for c in db.session.scalars(select(Coding).where(Coding.code_id == target.id))}
    moved = 0
    for coding in db.session.scalars(select(Coding).where(Coding.code_id == source.id)).all():
        key = (coding.answer_id, coding.closing_feedback_id, coding.turn_id, coding.checkin_id, coding.start_offset,
               coding.end_offset, coding.sample_id)
        if key in existing:
            db.session.delete(coding)
        else:
            coding.code_id = target.id
            existing.add(key)
            moved += 1
    db.session.flush()
    db.session.execute(update(Memo).where(Memo.code_id == source.id).values(code_id=target.id))
    db.session.execute(update(Code).where(Code.parent_id == source.id).values(parent_id=target.id))
    db.session.delete(source)
    db.session.flush()
    db.session.expire_all()
    return moved


def delete_code(code_id):
    """Delete a code with its codings and memos; a deleted theme's codes become ungrouped."""
    code = get_code(code_id)
    removed = db.session.scalar(select(func.count()).where(Coding.code_id == code.id))
    db.session.execute(update(Code).where(Code.parent_id == code.id).values(parent_id=None))
    db.session.execute(delete(Coding).where(Coding.code_id == code.id))
    db.session.execute(delete(Memo).where(Memo.code_id == code.id))
    db.session.delete(code)
    db.session.flush()
    db.session.expire_all()
    return removed


def add_codings(user, kind, item_id, code_ids, start=None, end=None):
    """Apply codes to a whole text (no offsets) or to the span [start, end); returns the codings made."""
    item = analysis.get_item(kind, item_id)
    if item.hidden:  # coding it here would show (by "already on that text") what the team applied
        raise ValidationError("This answer is in the blind sample you are coding: code it on the sample page. "
                              "The team's codes on it are hidden while you second-code this sample.",
                              field="code_ids")
    if not code_ids:
        raise ValidationError("Choose at least one code.", field="code_ids")
    codes = sorted(db.session.scalars(select(Code).where(Code.id.in_(code_ids))), key=lambda c: code_ids.index(c.id))
    if len(codes) != len(set(code_ids)) or any(c.is_theme for c in codes):
        raise ValidationError("Choose codes from the list (themes group codes; apply a code).", field="code_ids")
    if (start is None) != (end is None):
        raise ValidationError("The highlighted span was incomplete. Select the text again.", field="code_ids")
    if start is not None:
        if not (0 <= start < end <= len(item.text)):
            raise ValidationError("The highlighted span is outside the answer. Select the text again.",
                                  field="code_ids")
        if start == 0 and end == len(item.text):
            start = end = None  # the whole text is a whole-answer coding
    target = {analysis.TARGET_COLUMN[kind]: item.id}
    made = []
    for code in codes:
        if any(c.code_id == code.id and c.start_offset == start and c.end_offset == end for c in item.codings):
            continue  # the same code on the same span already: nothing to add
        coding = Coding(code_id=code.id, start_offset=start, end_offset=end,
                        created_by_id=user.id if user else None, **target)
        db.session.add(coding)
        made.append(coding)
    db.session.flush()
    return made


def remove_coding(coding_id):
    """Remove one coding (the code stays in the codebook)."""
    coding = db.session.get(Coding, coding_id) if isinstance(coding_id, int) else None
    if coding is None or coding.sample_id is not None:
        raise NotFound("That coding does not exist.")
    db.session.delete(coding)
    db.session.flush()
    return coding


def undo_codings(coding_ids):
    """Remove the codings just made (those still there); returns how many were removed."""
    rows = list(db.session.scalars(select(Coding).where(Coding.id.in_(list(coding_ids)),
                                                        Coding.sample_id.is_(None)))) if coding_ids else []
    for coding in rows:
        db.session.delete(coding)
    db.session.flush()
    return len(rows)


def move_coding(coding_id, code_id):
    """Move a coded passage to another code; if that code is already on the same span, the two become one."""
    coding = db.session.get(Coding, coding_id) if isinstance(coding_id, int) else None
    if coding is None or coding.sample_id is not None:
        raise NotFound("That coding does not exist.")
    target = db.session.get(Code, code_id) if isinstance(code_id, int) else None
    if target is None or target.is_theme:
        raise ValidationError("Choose a code to move the passage to (themes group codes; apply a code).",
                              field="code_id")
    if target.id == coding.code_id:
        raise ValidationError("The passage already has that code: choose another.", field="code_id")
    twin = db.session.scalar(select(Coding).where(
        Coding.code_id == target.id, Coding.answer_id.is_(coding.answer_id) if coding.answer_id is None
        else Coding.answer_id == coding.answer_id,
        Coding.closing_feedback_id.is_(None) if coding.closing_feedback_id is None
        else Coding.closing_feedback_id == coding.closing_feedback_id,
        Coding.turn_id.is_(None) if coding.turn_id is None else Coding.turn_id == coding.turn_id,
        Coding.checkin_id.is_(None) if coding.checkin_id is None else Coding.checkin_id == coding.checkin_id,
        Coding.start_offset.is_(None) if coding.start_offset is None else Coding.start_offset == coding.start_offset,
        Coding.end_offset.is_(None) if coding.end_offset is None else Coding.end_offset == coding.end_offset,
        Coding.sample_id.is_(None)))
    if twin is not None:
        db.session.delete(coding)
        db.session.flush()
        return twin
    coding.code_id = target.id
    db.session.flush()
    db.session.expire(coding, ["code"])
    return coding


def locate(text, passage):
    """(start, end) in code points of the one place `passage` occurs in `text`, else a ValidationError."""
    passage = (passage or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not passage:
        return None, None
    first = text.find(passage)
    if first < 0:
        raise ValidationError("Those words are not in the answer exactly as typed. Copy them from the answer.",
                              field="passage")
    if text.find(passage, first + 1) >= 0:
        raise ValidationError("Those words occur more than once in the answer: type a few more of the words "
                              "around them.", field="passage")
    return first, first + len(passage)
