"""Every domain's models, imported so that Alembic and create_all see all tables. Nothing else."""

from softlanding.blueprints.accounts.models import DataExport, LoginSession, User, UserRole  # noqa: F401
from softlanding.blueprints.analysis.models import (  # noqa: F401
    Code,
    Coding,
    Memo,
    MemoRevision,
    Project,
    Resolution,
    Sample,
    SampleItem,
    SuggestionDecision,
)
from softlanding.blueprints.calendar.models import CalendarFeedToken  # noqa: F401
from softlanding.blueprints.events.models import Booking, Event, EventHost, EventResource, InterviewSlot  # noqa: F401
from softlanding.blueprints.events.models_desk import (  # noqa: F401
    Certificate,
    EventMessage,
    EventSeries,
    EventSeriesMember,
    Reflection,
)
from softlanding.blueprints.feedback.models import (  # noqa: F401
    Answer,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyTemplate,
    TemplateQuestion,
)
from softlanding.blueprints.mentoring.models import (  # noqa: F401
    ClosingFeedback,
    InductionTick,
    MatchBatch,
    MatchBatchPair,
    MatchingSettings,
    MenteePreference,
    MentoringMeeting,
    MentorProfile,
    Mentorship,
)
from softlanding.blueprints.mentoring.models_pair import (  # noqa: F401
    ContactChoice,
    PairCheckin,
    PairConcern,
    PairMessage,
    PlannedMeeting,
    ThreadState,
)
from softlanding.blueprints.notifications.models import Notification, NotificationPreference  # noqa: F401
from softlanding.blueprints.profiles.models import Profile  # noqa: F401
from softlanding.core.models import AuditEntry, JobClaim, OutboxMessage, RefOption  # noqa: F401
