"""Home panel of the profiles domain: what is missing from a member's profile that matching and
event suggestions use. No query beyond the member's own profile."""

# (attribute, what to tell the member), in the order of the profile form.
FIELDS = (
    ("career_stage", "your career stage"),
    ("region", "your UK region"),
    ("pmq_country", "where you qualified"),
    ("nhs_start_month", "when you start in the NHS"),
    ("languages", "the languages you speak"),
    ("subspecialties", "your sub-specialty interests"),
)


def profile_gaps(user):
    """The profile fields still empty; None when the profile is complete."""
    profile = user.profile
    missing = [text for name, text in FIELDS if profile is None or not getattr(profile, name)]
    return {"missing": missing} if missing else None


def register_panels(registry):
    """Add this domain's home panel."""
    registry.add_home_panel("profiles.gaps", "member", profile_gaps, "profiles/_home_gaps.html", 30)
