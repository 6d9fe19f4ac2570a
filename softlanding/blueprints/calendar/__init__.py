"""Calendar files and feeds: per-event .ics, public and personal subscription feeds."""
