"""Adding a question and editing one in place: the same steps for a survey's questions and a template's."""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request

from softlanding.blueprints.feedback.forms import QuestionEditForm, QuestionForm
from softlanding.core.access import fail
from softlanding.core.errors import DomainError


def edit_question_page(question, owner, save: Callable[..., object], back: str, editable: bool):
    """GET shows the question's form; POST saves it through `save(kind, prompt, required, help_text,
    options)` and returns to `back`; a refused change is shown on the form with what was typed kept."""
    if question is None:
        abort(404)
    form = QuestionEditForm(obj=question)
    if request.method == "GET":
        form.options.data = "\n".join(question.options or [])
    elif form.validate_on_submit():
        try:
            save(form.kind.data, form.prompt.data, form.required.data, form.help_text.data, form.options.data)
        except DomainError as error:
            fail(error, form)
        else:
            flash("Question saved.", "success")
            return redirect(back + "#questions")
    return render_template("feedback/question_edit.html", form=form, question=question, owner=owner, back=back,
                           editable=editable)


def add_question(save: Callable[..., object], back: str, edit_page: Callable[..., object]):
    """POST of "Add a question": save it through `save(kind, prompt, required, help_text, options)` and
    return to `back`, or show the owner's edit page again (`edit_page(qform=...)`) with what was typed."""
    qform = QuestionForm()
    if qform.validate_on_submit():
        try:
            save(qform.kind.data, qform.prompt.data, qform.required.data, qform.help_text.data, qform.options.data)
        except DomainError as error:
            fail(error, qform)
        else:
            flash("Question added.", "success")
            return redirect(back + "#questions")
    return edit_page(qform=qform)
