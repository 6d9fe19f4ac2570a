"""Every model module is imported here so that Alembic and create_all see all tables.

Each later area adds its own module and one import line below.
"""

from .analysis import Code, Coding, Memo, SuggestionDecision  # noqa: F401
from .base import UTCDateTime, utcnow  # noqa: F401
from .calendar import CalendarFeedToken  # noqa: F401
from .events import Booking, Event, EventHost, EventResource, InterviewSlot  # noqa: F401
from .feedback import (  # noqa: F401
    Answer,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyTemplate,
    TemplateQuestion,
)
from .jobs import JobClaim  # noqa: F401
from .mail import OutboxMessage  # noqa: F401
from .mentoring import ClosingFeedback, MatchingSettings, MenteePreference, MentorProfile, Mentorship  # noqa: F401
from .mentoring_space import InductionTick, MatchBatch, MatchBatchPair, MentoringMeeting  # noqa: F401
from .notification import Notification, NotificationPreference  # noqa: F401
from .profile import Profile  # noqa: F401
from .reference import RefOption  # noqa: F401
from .user import User, UserRole  # noqa: F401
