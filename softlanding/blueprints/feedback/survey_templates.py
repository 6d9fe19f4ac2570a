"""Survey templates: the default post-event template, copies organisers edit, their questions."""

from sqlalchemy import select

from softlanding.blueprints.feedback.models import QUESTION_KINDS, SurveyTemplate, TemplateQuestion
from softlanding.core.errors import NotFound, ValidationError
from softlanding.core.extensions import db

DEFAULT_NAME = "Post-event feedback"
CHOICE_KINDS = ("single", "multiple")

# (code, kind, prompt, help_text, required, options): the default post-event questions.
DEFAULT_QUESTIONS: list[tuple[str, str, str, str, bool, list[str]]] = [
    ("overall", "rating", "Overall, how would you rate this event?", "", True, []),
    ("useful", "scale5", "How useful was it to you? (1 = not at all, 5 = very useful)", "", True, []),
    ("went_well", "long_text", "What went well?", "What helped you most?", False, []),
    ("improve", "long_text", "What could be better?", "", False, []),
    ("topics_next", "short_text", "What topics would you like next?", "", False, []),
    ("confidence_before", "scale5", "How confident were you on this topic before the event? (1 to 5)", "", False, []),
    ("confidence_after", "scale5", "How confident are you on this topic now? (1 to 5)", "", False, []),
]


def ensure_default_template():
    """Create the default post-event template if it is missing (safe to call again); return it."""
    template = db.session.scalar(select(SurveyTemplate).where(SurveyTemplate.is_default.is_(True))
                                 .order_by(SurveyTemplate.id).limit(1))
    if template is not None:
        return template
    template = SurveyTemplate(name=DEFAULT_NAME, is_default=True,
                              description="Sent after every event unless an organiser picks another template.")
    for position, (code, kind, prompt, help_text, required, opts) in enumerate(DEFAULT_QUESTIONS):
        template.questions.append(TemplateQuestion(position=position, kind=kind, prompt=prompt, code=code,
                                                   help_text=help_text, required=required, options=list(opts)))
    db.session.add(template)
    db.session.flush()
    return template


def list_templates():
    """Every template, the default first (the default is made by `flask seed-reference`, never by reading)."""
    return list(db.session.scalars(select(SurveyTemplate)
                                   .order_by(SurveyTemplate.is_default.desc(), SurveyTemplate.name)))


def get_template(template_id):
    """One template or NotFound."""
    template = db.session.get(SurveyTemplate, template_id)
    if template is None:
        raise NotFound("No such template.")
    return template


def _editable(template_id):
    template = get_template(template_id)
    if template.is_default:
        raise ValidationError("The default template cannot be changed; make a copy and edit the copy.")
    return template


def copy_template(template_id, user):
    """A new editable template with the same questions."""
    source = get_template(template_id)
    copy = SurveyTemplate(name=f"Copy of {source.name}"[:200], description=source.description,
                          created_by_id=user.id if user else None)
    for q in source.questions:
        copy.questions.append(TemplateQuestion(position=q.position, kind=q.kind, prompt=q.prompt, code=q.code,
                                               help_text=q.help_text, required=q.required,
                                               options=list(q.options or [])))
    db.session.add(copy)
    db.session.flush()
    return copy


def rename_template(template_id, name, description=""):
    """Change a copy's name and description."""
    template = _editable(template_id)
    name = (name or "").strip()
    if not name:
        raise ValidationError("Give the template a name.", field="name")
    template.name = name[:200]
    template.description = (description or "").strip()
    db.session.flush()
    return template


def parse_options(kind, text):
    """Choice options from one-per-line text; required for single and multiple choice."""
    options = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if kind in CHOICE_KINDS:
        if len(options) < 2:
            raise ValidationError("Give at least two options, one per line.", field="options")
        if len(set(options)) != len(options):
            raise ValidationError("Each option must be different.", field="options")
        return options[:30]
    return []


def add_question(template_id, kind, prompt, required=False, help_text="", options_text=""):
    """Add a question at the end of a copy."""
    template = _editable(template_id)
    if kind not in QUESTION_KINDS:
        raise ValidationError("Choose a question type.", field="kind")
    prompt = (prompt or "").strip()
    if not prompt:
        raise ValidationError("Write the question.", field="prompt")
    options = parse_options(kind, options_text)
    last = max((q.position for q in template.questions), default=-1)
    question = TemplateQuestion(position=last + 1, kind=kind, prompt=prompt[:500], required=bool(required),
                                help_text=(help_text or "").strip()[:500], options=options)
    template.questions.append(question)
    db.session.flush()
    return question


def _question(template, question_id):
    for q in template.questions:
        if q.id == question_id:
            return q
    raise NotFound("No such question.")


def remove_question(template_id, question_id):
    """Remove one question from a copy."""
    template = _editable(template_id)
    template.questions.remove(_question(template, question_id))
    _renumber(template)
    db.session.flush()


def move_question(template_id, question_id, direction):
    """Move a question one place up or down."""
    template = _editable(template_id)
    questions = sorted(template.questions, key=lambda q: (q.position, q.id))
    question = _question(template, question_id)
    i = questions.index(question)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(questions):
        questions[i], questions[j] = questions[j], questions[i]
    for position, q in enumerate(questions):
        q.position = position
    db.session.flush()


def _renumber(template):
    for position, q in enumerate(sorted(template.questions, key=lambda q: (q.position, q.id))):
        q.position = position


def update_question(template_id, question_id, kind, prompt, required=False, help_text="", options_text=""):
    """Change one question of a copy in place (its code stays, so reports still find it)."""
    template = _editable(template_id)
    question = _question(template, question_id)
    if kind not in QUESTION_KINDS:
        raise ValidationError("Choose a question type.", field="kind")
    prompt = (prompt or "").strip()
    if not prompt:
        raise ValidationError("Write the question.", field="prompt")
    question.options = parse_options(kind, options_text)
    question.kind, question.prompt = kind, prompt[:500]
    question.required, question.help_text = bool(required), (help_text or "").strip()[:500]
    db.session.flush()
    return question


def blank_template(user):
    """A new template with no questions, to be filled in."""
    template = SurveyTemplate(name="New template", description="", created_by_id=user.id if user else None)
    db.session.add(template)
    db.session.flush()
    return template
