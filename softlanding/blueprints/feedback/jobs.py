"""The scheduled "surveys" job: open due surveys (follow-ups too), invite, remind once, close; and ask once
for the result of an exam sitting a member gave, some weeks after its date, and for the outcome of an
interview, some days after its date."""

from softlanding.blueprints.feedback import interviews, outcomes, surveys


def run_surveys(now):
    """One pass over every survey step; returns how many things it did. Safe to run twice at once."""
    done = 0
    for survey_id in surveys.due_to_open(now):
        done += int(surveys.claim_open(survey_id, now))
    done += surveys.send_invitations(now)
    done += surveys.send_reminders(now)
    done += surveys.close_due(now)
    done += outcomes.remind_exam_results(now)
    done += interviews.remind_interview_outcomes(now)
    return done
