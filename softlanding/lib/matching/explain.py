"""Plain-language reasons for one pair's score: what counted most, and what does not match."""

from collections.abc import Callable, Mapping
from typing import TypedDict

from softlanding.lib.matching.criteria import EXAM_ORDER, STAGE_RANK, Mentee, Mentor, PairScore

MAX_REASONS = 4
MIN_REASONS = 2
GOOD = 0.5  # a part at or above this is a reason; below it (where it applies) is a mismatch
# How much a fit says about this one pair: a shared sub-specialty or a passed exam is specific; a
# shared meeting mode is generic. Reasons rank by part x weight x specificity, so the specific ones
# are never pushed out by generic ones.
SPECIFICITY = {"needs": 1.0, "exam": 1.0, "subspecialty": 1.0, "language": 0.9, "gender": 0.8,
               "region": 0.8, "seniority": 0.5, "mode": 0.3}


def _names(label, kind, codes):
    """Every name, joined as a sentence: 'A', 'A and B', 'A, B and C'."""
    names = [label(kind, c) for c in codes]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _asked_region(mentee):
    return mentee.same_region


def _good(c, mentee, mentor, label):
    if c == "needs":
        offered = [t for t in mentee.topics if t in mentor.topics]
        if mentee.topics and mentee.topics[0] in mentor.topics:
            first = f"Offers help with {label('help_topic', offered[0])}, the thing you most want help with"
            rest = offered[1:]
            return first + (f", and with {_names(label, 'help_topic', rest)}" if rest else "") + "."
        return f"Offers help with {_names(label, 'help_topic', offered)}."
    if c == "exam":
        return f"Has passed {label('mrcpch_component', mentee.next_exam)}, your next MRCPCH exam."
    if c == "seniority":
        return f"Is far enough ahead in training ({label('career_stage', mentor.stage)}) to guide you, but not too far."
    if c == "region":
        if mentor.region == mentee.region:
            return f"Works in your region, {label('region', mentor.region)}."
        return f"Works in another region of {mentor.nation}, the nation you work in."
    if c == "subspecialty":
        shared = sorted(mentee.subspecialties & mentor.subspecialties)
        return f"Shares your interest in {_names(label, 'subspecialty', shared)}."
    if c == "language":
        shared = sorted((mentee.languages & mentor.languages) - {"en"})
        if shared:
            return f"Speaks {_names(label, 'language', shared)}."
        return f"Also qualified in {label('country', mentor.country)}."
    if c == "mode":
        shared = sorted(mentee.modes & mentor.modes)
        return f"Meets by {_names(label, 'meeting_mode', shared)}, as you asked."
    return "Is the gender you asked for."


def _bad(c, mentee, mentor, label):
    if c == "needs":
        missing = [t for t in mentee.topics if t not in mentor.topics]
        if mentee.topics and mentee.topics[0] not in mentor.topics:
            return (f"Does not list help with {label('help_topic', mentee.topics[0])}, the thing you most want "
                    "help with" + (f", nor with {_names(label, 'help_topic', missing[1:])}" if missing[1:] else "")
                    + ".")
        return f"Does not list help with {_names(label, 'help_topic', missing)}."
    if c == "exam":
        return f"Has not passed {label('mrcpch_component', mentee.next_exam)}, your next MRCPCH exam."
    if c == "seniority":
        gap = STAGE_RANK.get(mentor.stage, -1) - STAGE_RANK.get(mentee.stage, -1)
        if gap <= 0:
            return "Is not further along in training than you."
        return f"Is much further along than you ({label('career_stage', mentor.stage)})."
    if c == "region":
        if mentee.region is None:
            return ("You asked for a mentor in your region, but your profile gives no UK region, so no mentor "
                    "can meet it. Add your region to your profile.")
        where = label("region", mentor.region) if mentor.region else "outside the UK regions"
        asked = " You asked for a mentor in your region." if _asked_region(mentee) else ""
        return f"Works in {where}, not in your region.{asked}"
    if c == "subspecialty":
        return "Has different sub-specialty interests."
    if c == "language":
        asked = " You asked for a shared language." if mentee.same_language else ""
        return f"Shares no language with you besides English, and qualified in another country.{asked}"
    if c == "mode":
        return f"Does not offer meetings by {_names(label, 'meeting_mode', sorted(mentee.modes))}, as you asked."
    return "Is not the gender you asked for."


class Explanation(TypedDict):
    """A pair's score in words: its percentage, the reasons it fits, more reasons, what does not match."""

    percent: int
    reasons: list[str]
    more: list[str]  # further reasons, shown as a list after "and N more"
    mismatches: list[str]
    criteria: list[str]  # the criteria behind `reasons`, in the same order


def mismatch_text(criterion: str, mentee: Mentee, mentor: Mentor, label: Callable[[str, str], str]) -> str:
    """One criterion's "does not match" sentence for this pair."""
    return _bad(criterion, mentee, mentor, label)


def unmet_preferences(mentee: Mentee, mentor: Mentor) -> list[str]:
    """The criteria of preferences the newcomer stated that this mentor does not meet."""
    out = []
    if mentee.topics and mentee.topics[0] not in mentor.topics:
        out.append("needs")
    if _asked_region(mentee) and (mentee.region is None or mentor.region != mentee.region):
        out.append("region")
    if mentee.same_language and not ((mentee.languages & mentor.languages) - {"en"}) and not (
            mentee.country and mentee.country == mentor.country):
        out.append("language")
    if mentee.gender_pref and mentor.gender != mentee.gender_pref:
        out.append("gender")
    if mentee.modes and not (mentee.modes & mentor.modes):
        out.append("mode")
    return out


def explain(pair: PairScore, mentee: Mentee, mentor: Mentor, label: Callable[[str, str], str]) -> Explanation:
    """{'percent', 'reasons', 'more', 'mismatches'} for a pair from ScoreTable.pair().

    `label(kind, code)` names codes (kinds: help_topic, mrcpch_component, career_stage, region,
    subspecialty, language, country, meeting_mode). Reasons are the criteria that fit, ranked by
    part x weight x specificity: the first two to four are `reasons`, the rest `more`. A preference
    the newcomer stated that the mentor does not meet is always a mismatch, never a reason.
    """
    parts = pair["parts"]
    unmet = unmet_preferences(mentee, mentor)
    ranked = sorted(parts.items(), key=lambda item: (-item[1][0] * item[1][1] * SPECIFICITY.get(item[0], 0.5),
                                                      item[0]))
    fits = [c for c, (part, _) in ranked if part >= GOOD and c not in unmet]
    reasons, more = fits[:MAX_REASONS], fits[MAX_REASONS:]
    if len(reasons) < MIN_REASONS:
        reasons += [c for c, (part, _) in ranked
                    if 0 < part < GOOD and c not in reasons and c not in unmet][:MIN_REASONS - len(reasons)]
    mismatches = list(unmet) + [c for c, (part, _) in ranked
                                if part < GOOD and c not in reasons and c not in unmet]
    return {
        "percent": int(round(pair["score"] * 100)),
        "reasons": [_good(c, mentee, mentor, label) for c in reasons],
        "more": [_good(c, mentee, mentor, label) for c in more],
        "mismatches": [_bad(c, mentee, mentor, label) for c in mismatches],
        "criteria": list(reasons),
    }


def next_exam(progress: Mapping[str, str] | None) -> str | None:
    """The first MRCPCH component not yet passed, from a profile's {component: status}."""
    for code in EXAM_ORDER:
        if (progress or {}).get(code) != "passed":
            return code
    return None


_THIRD_PERSON = (("the thing you most want", "the thing they most want"),
                 ("your next MRCPCH exam", "their next MRCPCH exam"), ("to guide you", "to guide them"),
                 ("your region", "their region"), ("the nation you work in", "the nation they work in"),
                 ("Shares your interest", "Shares their interest"), ("than you", "than them"),
                 ("with you", "with them"), ("You asked", "They asked"), ("you asked", "they asked"))


def third_person(text: str) -> str:
    """A reason reworded for organisers reading about a newcomer ('your' becomes 'their')."""
    for mine, theirs in _THIRD_PERSON:
        text = text.replace(mine, theirs)
    return text
