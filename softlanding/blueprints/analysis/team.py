"""Team coding: a blind sample of one question's answers for a second coder, the comparison of the two
codings (per code: percent agreement, Cohen's kappa, Krippendorff's alpha; the answer is the unit), and
resolving each disagreement with a note.

The first coding is the team's coding in the workspace; the second coder's codings belong to the
sample (Coding.sample_id) and stay out of the workspace, exports and report. The sample page never
shows the first coding. Resolving writes the agreed answer into the team's coding.
"""

import random
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select

from softlanding.blueprints.accounts.models import User
from softlanding.blueprints.accounts.users import organisers
from softlanding.blueprints.analysis import blind, codebook
from softlanding.blueprints.analysis import workspace as analysis
from softlanding.blueprints.analysis.models import MAIN, Code, Coding, Resolution, Sample, SampleItem
from softlanding.blueprints.analysis.selection import answers_statement
from softlanding.blueprints.feedback.models import Answer
from softlanding.core.db import utcnow
from softlanding.core.errors import NotFound, PermissionDenied, ValidationError
from softlanding.core.extensions import db
from softlanding.lib.agreement import Agreement, agreement

MIN_PERCENT, MAX_PERCENT = 5, 50


def coders():
    """Who can be a second coder: active organisers and admins."""
    return list(organisers())


def draw_sample(user, question, percent, coder_id, rng=None):
    """Draw a random `percent` of the question's free-text answers (at least one) for `coder_id` to code."""
    errors = {}
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        percent = 0
    if not MIN_PERCENT <= percent <= MAX_PERCENT:
        errors["percent"] = f"Choose a share from {MIN_PERCENT}% to {MAX_PERCENT}% (10–25% is usual)."
    coder = db.session.get(User, coder_id) if isinstance(coder_id, int) else None
    if coder is None or coder.id not in {c.id for c in coders()}:
        errors["coder_id"] = "Choose an organiser to code the sample."
    ids = list(db.session.scalars(answers_statement(analysis.Filters(question=question or ""),
                                                    columns=[Answer.id]))) if question else []
    if not ids:
        errors["question"] = "Choose a question that has free-text answers."
    if errors or coder is None:
        field, message = next(iter(errors.items()))
        raise ValidationError(message, field=field)
    size = max(1, round(len(ids) * percent / 100))
    chosen = (rng or random.SystemRandom()).sample(sorted(ids), size)
    sample = Sample(question=question, percent=percent, coder_id=coder.id, created_by_id=user.id)
    db.session.add(sample)
    db.session.flush()
    db.session.add_all([SampleItem(sample_id=sample.id, answer_id=i) for i in sorted(chosen)])
    db.session.flush()
    blind.forget()
    return sample


def get_sample(sample_id):
    """A sample, or NotFound."""
    sample = db.session.get(Sample, sample_id) if isinstance(sample_id, int) else None
    if sample is None:
        raise NotFound("That sample does not exist.")
    return sample


def samples():
    """Every sample, newest first."""
    return list(db.session.scalars(select(Sample).order_by(Sample.created_at.desc(), Sample.id.desc())))


def sample_size(sample):
    """How many answers the sample holds."""
    return len(_answer_ids(sample))


def _answer_ids(sample):
    return list(db.session.scalars(select(SampleItem.answer_id).where(SampleItem.sample_id == sample.id)
                                   .order_by(SampleItem.answer_id)))


def blind_items(sample, user):
    """The sample's answers for its coder, with only the coder's own sample codings (never the first coding)."""
    if user.id != sample.coder_id:
        raise PermissionDenied("Only the second coder of this sample codes it (blind to the first coding).")
    ids = _answer_ids(sample)
    items = analysis.load_items({("answer", i) for i in ids})
    mine = defaultdict(set)
    for answer_id, code_id in db.session.execute(select(Coding.answer_id, Coding.code_id)
                                                 .where(Coding.sample_id == sample.id)):
        mine[answer_id].add(code_id)
    ordered = [items[("answer", i)] for i in ids if ("answer", i) in items]
    for item in ordered:
        item.codings = []  # blind: the first coder's codes are not shown
    return ordered, mine


def save_blind_codes(user, sample, answer_id, code_ids):
    """Set the second coder's codes on one answer of the sample (the answer is the unit)."""
    if user.id != sample.coder_id:
        raise PermissionDenied("Only the second coder of this sample codes it.")
    if sample.completed_at is not None:
        raise ValidationError("This sample is marked done; its codes are fixed so the comparison stays fair.")
    if answer_id not in set(_answer_ids(sample)):
        raise NotFound("That answer is not in this sample.")
    codable = {c.id for c in codebook.codable_codes()}
    if any(c not in codable for c in code_ids):
        raise ValidationError("Choose codes from the list.", field="code_ids")
    db.session.execute(delete(Coding).where(Coding.sample_id == sample.id, Coding.answer_id == answer_id))
    for code_id in sorted(set(code_ids)):
        db.session.add(Coding(answer_id=answer_id, code_id=code_id, sample_id=sample.id, created_by_id=user.id))
    db.session.flush()


def complete(user, sample):
    """The second coder marks the sample done; the comparison opens to the team."""
    if user.id != sample.coder_id:
        raise PermissionDenied("Only the second coder of this sample can mark it done.")
    sample.completed_at = utcnow()
    db.session.flush()
    blind.forget()


@dataclass
class Disagreement:
    """One answer on which the coders differ about one code."""

    item: analysis.TextItem
    code: Code
    first: bool
    second: bool
    resolution: Resolution | None


def _matrix(sample):
    """({answer id: set of code ids} first, second) over the sample's answers, as coded independently.

    A resolved disagreement has since changed the team's coding; the figures use what the first coding
    said before (the opposite of the second coder, who cannot change a finished sample).
    """
    ids = _answer_ids(sample)
    first, second = defaultdict(set), defaultdict(set)
    if ids:
        for answer_id, code_id in db.session.execute(select(Coding.answer_id, Coding.code_id)
                                                     .where(Coding.answer_id.in_(ids), MAIN)):
            first[answer_id].add(code_id)
        for answer_id, code_id in db.session.execute(select(Coding.answer_id, Coding.code_id)
                                                     .where(Coding.sample_id == sample.id)):
            second[answer_id].add(code_id)
        for answer_id, code_id in db.session.execute(select(Resolution.answer_id, Resolution.code_id)
                                                     .where(Resolution.sample_id == sample.id)):
            if code_id in second[answer_id]:
                first[answer_id].discard(code_id)
            else:
                first[answer_id].add(code_id)
    return ids, first, second


def comparison(sample):
    """([(code, Agreement)], [Disagreement]) for the codes either coder used on the sample."""
    ids, first, second = _matrix(sample)
    used = set().union(*first.values(), *second.values()) if (first or second) else set()
    codes = sorted((c for c in codebook.codable_codes() if c.id in used), key=lambda c: c.name.lower())
    resolutions = {(r.answer_id, r.code_id): r for r in db.session.scalars(
        select(Resolution).where(Resolution.sample_id == sample.id))}
    stats: list[tuple[Code, Agreement]] = []
    pairs = []
    for code in codes:
        a = [1 if code.id in first[i] else 0 for i in ids]
        b = [1 if code.id in second[i] else 0 for i in ids]
        stats.append((code, agreement(a, b)))
        pairs += [(i, code, x == 1, y == 1) for i, x, y in zip(ids, a, b, strict=True) if x != y]
    items = analysis.load_items({("answer", i) for i, *_ in pairs})
    disagreements = [Disagreement(items[("answer", i)], code, x, y, resolutions.get((i, code.id)))
                     for i, code, x, y in pairs if ("answer", i) in items]
    return stats, disagreements


def resolve(user, sample, answer_id, code_id, applies, note):
    """Record how the two coders settled one disagreement and write it into the team's coding."""
    if sample.completed_at is None:
        raise ValidationError("The second coder has not finished this sample yet.")
    if answer_id not in set(_answer_ids(sample)):
        raise NotFound("That answer is not in this sample.")
    code = codebook.get_code(code_id)
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError("Keep the note under 2,000 characters.", field="note")
    row = db.session.scalar(select(Resolution).where(Resolution.sample_id == sample.id,
                                                     Resolution.answer_id == answer_id, Resolution.code_id == code.id))
    if row is None:
        row = Resolution(sample_id=sample.id, answer_id=answer_id, code_id=code.id, applies=bool(applies))
        db.session.add(row)
    row.applies, row.note, row.resolved_by_id, row.resolved_at = bool(applies), note, user.id, utcnow()
    main = list(db.session.scalars(select(Coding).where(Coding.answer_id == answer_id, Coding.code_id == code.id,
                                                        MAIN)))
    if applies and not main:
        db.session.add(Coding(answer_id=answer_id, code_id=code.id, created_by_id=user.id))
    if not applies:
        for coding in main:
            db.session.delete(coding)
    db.session.flush()
    return row
