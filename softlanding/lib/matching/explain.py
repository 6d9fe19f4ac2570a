"""Plain-language reasons for one pair's score: what counted most, and what does not match."""

from collections.abc import Callable, Mapping
from typing import TypedDict

from softlanding.lib.matching.criteria import EXAM_ORDER, STAGE_RANK, Mentee, Mentor, PairScore

MAX_REASONS = 4
MIN_REASONS = 2
GOOD = 0.5  # a part at or above this is a reason; below it (where it applies) is a mismatch


def _names(label, kind, codes, limit=2):
    names = [label(kind, c) for c in codes][:limit]
    more = len(codes) - len(names)
    text = " and ".join(names) if len(names) <= 2 else ", ".join(names)
    return text + (f" (and {more} more)" if more > 0 else "")


def _good(c, mentee, mentor, label):
    if c == "needs":
        offered = [t for t in mentee.topics if t in mentor.topics]
        top = " (your top need)" if mentee.topics and mentee.topics[0] in mentor.topics else ""
        return f"Offers help with {_names(label, 'help_topic', offered)}{top}"
    if c == "exam":
        return f"Has passed {label('mrcpch_component', mentee.next_exam)}, your next MRCPCH exam"
    if c == "seniority":
        return f"Career stage ({label('career_stage', mentor.stage)}) far enough ahead to guide you, not too far"
    if c == "region":
        if mentor.region == mentee.region:
            return f"Works in your region ({label('region', mentor.region)})"
        return f"Works in the same nation ({mentor.nation})"
    if c == "subspecialty":
        shared = sorted(mentee.subspecialties & mentor.subspecialties)
        return f"Shares your interest in {_names(label, 'subspecialty', shared)}"
    if c == "language":
        shared = sorted((mentee.languages & mentor.languages) - {"en"})
        if shared:
            return f"Speaks {_names(label, 'language', shared)}"
        return f"Also qualified in {label('country', mentor.country)}"
    if c == "mode":
        shared = sorted(mentee.modes & mentor.modes)
        return f"Meets by {_names(label, 'meeting_mode', shared, 3)}"
    return "Matches the gender you asked for"


def _bad(c, mentee, mentor, label):
    if c == "needs":
        missing = [t for t in mentee.topics if t not in mentor.topics]
        return f"Does not list help with {_names(label, 'help_topic', missing)}"
    if c == "exam":
        return f"Has not passed {label('mrcpch_component', mentee.next_exam)}"
    if c == "seniority":
        gap = STAGE_RANK.get(mentor.stage, -1) - STAGE_RANK.get(mentee.stage, -1)
        if gap <= 0:
            return "Is not further along in training than you"
        return f"Much further along than you ({label('career_stage', mentor.stage)})"
    if c == "region":
        return f"Works in {label('region', mentor.region)}, not your region"
    if c == "subspecialty":
        return "Has different sub-specialty interests"
    if c == "language":
        return "No shared language besides English and a different country of qualification"
    if c == "mode":
        return f"Does not offer {_names(label, 'meeting_mode', sorted(mentee.modes), 3)}"
    return "Is not the gender you asked for"


class Explanation(TypedDict):
    """A pair's score in words: its percentage, the reasons it fits, what does not match."""

    percent: int
    reasons: list[str]
    mismatches: list[str]
    criteria: list[str]  # the criteria behind `reasons`, in the same order


def explain(pair: PairScore, mentee: Mentee, mentor: Mentor, label: Callable[[str, str], str]) -> Explanation:
    """{'percent', 'reasons', 'mismatches'} for a pair from ScoreTable.pair().

    `label(kind, code)` names codes (kinds: help_topic, mrcpch_component, career_stage, region,
    subspecialty, language, country, meeting_mode). Reasons are the two to four criteria that added
    most to the score; mismatches are the criteria that apply and fit poorly.
    """
    parts = pair["parts"]
    ranked = sorted(parts.items(), key=lambda item: item[1][0] * item[1][1], reverse=True)
    reasons = [c for c, (part, _) in ranked if part >= GOOD][:MAX_REASONS]
    if len(reasons) < MIN_REASONS:
        reasons += [c for c, (part, _) in ranked if 0 < part < GOOD and c not in reasons][:MIN_REASONS - len(reasons)]
    mismatches = [c for c, (part, _) in ranked if part < GOOD and c not in reasons]
    if "needs" in parts and mentee.topics and mentee.topics[0] not in mentor.topics and "needs" not in mismatches:
        mismatches.insert(0, "needs")
    return {
        "percent": int(round(pair["score"] * 100)),
        "reasons": [_good(c, mentee, mentor, label) for c in reasons],
        "mismatches": [_bad(c, mentee, mentor, label) for c in mismatches],
        "criteria": [c for c in reasons],
    }


def next_exam(progress: Mapping[str, str] | None) -> str | None:
    """The first MRCPCH component not yet passed, from a profile's {component: status}."""
    for code in EXAM_ORDER:
        if (progress or {}).get(code) != "passed":
            return code
    return None


_THIRD_PERSON = (("your top need", "their top need"), ("your next MRCPCH exam", "their next MRCPCH exam"),
                 ("to guide you", "to guide them"), ("your region", "their region"),
                 ("Shares your interest", "Shares their interest"), ("than you", "than them"),
                 ("the gender you asked for", "the gender they asked for"))


def third_person(text: str) -> str:
    """A reason reworded for organisers reading about a newcomer ('your' becomes 'their')."""
    for mine, theirs in _THIRD_PERSON:
        text = text.replace(mine, theirs)
    return text
