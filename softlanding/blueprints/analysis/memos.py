"""Memos on codes, texts and the project: add, edit, delete; earlier wordings are kept."""

from sqlalchemy import select

from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.models import Code, Memo, MemoRevision, Project
from softlanding.core.db import utcnow
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db

MAX_BODY = 5000


def _body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError("Write the memo first.", field="body")
    if len(body) > MAX_BODY:
        raise ValidationError("Keep a memo under 5,000 characters.", field="body")
    return body


def add_memo(user, body, code_id=None, kind=None, item_id=None):
    """A memo on a code (code_id) or on a text (kind, item_id)."""
    body = _body(body)
    if code_id is not None:
        code = db.session.get(Code, code_id) if isinstance(code_id, int) else None
        if code is None:
            raise NotFound("That code does not exist.")
        memo = Memo(code_id=code.id, body=body, created_by_id=user.id)
    else:
        item = analysis.get_item(kind, item_id)
        memo = Memo(body=body, created_by_id=user.id, **{analysis.TARGET_COLUMN[kind]: item.id})
    db.session.add(memo)
    db.session.flush()
    return memo


def memos_for(code_id=None, kind=None, item_id=None):
    """Memos (not deleted) on a code or a text, newest first."""
    if code_id is not None:
        where = Memo.code_id == code_id
    elif kind == "answer":
        where = Memo.answer_id == item_id
    elif kind == "turn":
        where = Memo.turn_id == item_id
    elif kind == "checkin":
        where = Memo.checkin_id == item_id
    else:
        where = Memo.closing_feedback_id == item_id
    return list(db.session.scalars(select(Memo).where(where, Memo.deleted_at.is_(None))
                                   .order_by(Memo.created_at.desc(), Memo.id.desc())))


def get_memo(memo_id):
    """A memo that has not been deleted, or NotFound."""
    memo = db.session.get(Memo, memo_id) if isinstance(memo_id, int) else None
    if memo is None or memo.deleted_at is not None:
        raise NotFound("That memo does not exist.")
    return memo


def history(memo_id):
    """Earlier wordings of a memo, newest first."""
    return list(db.session.scalars(select(MemoRevision).where(MemoRevision.memo_id == memo_id)
                                   .order_by(MemoRevision.changed_at.desc(), MemoRevision.id.desc())))


def edit_memo(user, memo_id, body):
    """Reword a memo; the earlier wording is kept in its history."""
    memo = get_memo(memo_id)
    body = _body(body)
    if body == memo.body:
        return memo
    db.session.add(MemoRevision(memo_id=memo.id, body=memo.body, action="edited", changed_by_id=user.id))
    memo.body = body
    memo.updated_at = utcnow()
    db.session.flush()
    return memo


def delete_memo(user, memo_id):
    """Delete a memo from view; its wording stays in the history (for the audit of an analysis)."""
    memo = get_memo(memo_id)
    db.session.add(MemoRevision(memo_id=memo.id, body=memo.body, action="deleted", changed_by_id=user.id))
    memo.deleted_at = utcnow()
    db.session.flush()
    return memo


def project():
    """The analysis project row (made on first change; a read makes none)."""
    row = db.session.scalar(select(Project).order_by(Project.id).limit(1))
    return row if row is not None else Project(guid="", memo="", reflexive=False)


def stored_project():
    """The analysis project row, created if missing (call only when changing something)."""
    row = db.session.scalar(select(Project).order_by(Project.id).limit(1))
    if row is None:
        row = Project(memo="", reflexive=False)
        db.session.add(row)
        db.session.flush()
    return row


def save_project(memo, reflexive):
    """Change the project memo and the reflexive-TA setting."""
    memo = (memo or "").strip()
    if len(memo) > 20000:
        raise ValidationError("Keep the project memo under 20,000 characters.", field="memo")
    row = stored_project()
    row.memo = memo
    row.reflexive = bool(reflexive)
    row.updated_at = utcnow()
    db.session.flush()
    return row
