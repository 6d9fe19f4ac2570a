"""Access expectations for the feedback analysis workspace: organisers and admins only."""

from datetime import UTC, date, datetime

from softlanding.blueprints.analysis import refs
from softlanding.blueprints.analysis.models import Memo, Sample, SampleItem, Transcript, Turn
from softlanding.core.extensions import db
from tests.factories import make_analysis_survey, make_code, make_coding, make_event, make_response, text_answer

from . import Rule, expect

STAFF_PAGE = expect(anonymous="login", newcomer=403, rep=403, staff=200)
STAFF_POST = expect(anonymous="login", newcomer=403, rep=403, staff=302)
SIG = "0" * 32


def setup(ctx):
    """An answer coded three times (one coding for a staff role to remove) and a code."""
    survey = make_analysis_survey(make_event(title="Access webinar", days_ago=30))
    answer = text_answer(make_response(survey, "The ARCP session was clear."))
    code = make_code("Access code")
    ctx["analysis_answer"] = answer.id
    ctx["analysis_ref"] = refs.encode("answer", answer.id)  # texts are addressed by opaque reference only
    ctx["analysis_code"] = code.id
    ctx["analysis_codings"] = [make_coding(answer, code).id for _ in range(3)]
    ctx["analysis_other_code"] = make_code("Access other code").id
    memos = [Memo(answer_id=answer.id, body=f"Access memo {i}") for i in range(3)]
    db.session.add_all(memos)
    db.session.flush()
    ctx["analysis_memos"] = [m.id for m in memos]
    # A finished blind sample of the answer, coded by the organiser (only they may open its coding page).
    sample = Sample(question="What went well?", percent=20, coder_id=ctx["users"]["organiser"].id,
                    completed_at=datetime(2026, 1, 1, tzinfo=UTC))
    open_sample = Sample(question="What went well?", percent=20, coder_id=ctx["users"]["organiser"].id)
    db.session.add_all([sample, open_sample])
    db.session.flush()
    db.session.add_all([SampleItem(sample_id=sample.id, answer_id=answer.id),
                        SampleItem(sample_id=open_sample.id, answer_id=answer.id)])
    db.session.flush()
    ctx["analysis_sample"], ctx["analysis_open_sample"] = sample.id, open_sample.id
    transcript = Transcript(title="Access focus group", held_on=date(2026, 3, 1), filename="t.txt", content=b"A: hi",
                            pseudonyms={})
    db.session.add(transcript)
    db.session.flush()
    db.session.add(Turn(transcript_id=transcript.id, position=0, speaker="A", text="hi"))
    db.session.flush()
    ctx["analysis_transcript"] = transcript.id


RULES = {
    "analysis.index": Rule("/analysis/", STAFF_PAGE),
    "analysis.text_detail": Rule(lambda c: f"/analysis/texts/{c['analysis_ref']}", STAFF_PAGE),
    "analysis.code_text": Rule(lambda c: f"/analysis/texts/{c['analysis_ref']}/codings", STAFF_POST,
                               "POST", lambda c: {"code_ids": [str(c["analysis_code"])]}),
    "analysis.remove_coding": Rule(lambda c: f"/analysis/codings/{c['analysis_codings'][-1]}/delete",
                                   expect(anonymous="login", newcomer=403, rep=403, staff=302), "POST"),
    "analysis.undo_coding": Rule("/analysis/codings/undo", STAFF_POST, "POST"),
    "analysis.move_coding": Rule(lambda c: f"/analysis/codings/{c['analysis_codings'][0]}/move", STAFF_POST, "POST",
                                 lambda c: {"code_id": str(c["analysis_other_code"])}),
    "analysis.edit_memo": Rule(lambda c: f"/analysis/memos/{c['analysis_memos'][0]}/edit", STAFF_PAGE),
    "analysis.delete_memo": Rule(lambda c: f"/analysis/memos/{c['analysis_memos'][-1]}/delete", STAFF_PAGE),
    "analysis.project": Rule("/analysis/project", STAFF_PAGE),
    "analysis.samples": Rule("/analysis/samples", STAFF_PAGE),
    "analysis.transcript_list": Rule("/analysis/transcripts", STAFF_PAGE),
    "analysis.transcript_detail": Rule(lambda c: f"/analysis/transcripts/{c['analysis_transcript']}", STAFF_PAGE),
    "analysis.code_sample": Rule(lambda c: f"/analysis/samples/{c['analysis_open_sample']}/code",
                                 expect(anonymous="login", newcomer=403, rep=403, organiser=200, admin=403)),
    "analysis.code_sample_answer": Rule(
        lambda c: f"/analysis/samples/{c['analysis_open_sample']}/answers/{c['analysis_ref']}",
        expect(anonymous="login", newcomer=403, rep=403, organiser=302, admin=403), "POST"),
    "analysis.complete_sample": Rule(lambda c: f"/analysis/samples/{c['analysis_open_sample']}/complete",
                                     expect(anonymous="login", newcomer=403, rep=403, organiser=302, admin=403),
                                     "POST"),
    "analysis.compare_sample": Rule(lambda c: f"/analysis/samples/{c['analysis_sample']}", STAFF_PAGE),
    "analysis.resolve_sample": Rule(lambda c: f"/analysis/samples/{c['analysis_sample']}/resolve", STAFF_POST, "POST",
                                    lambda c: {"ref": c["analysis_ref"], "code_id": str(c["analysis_code"]),
                                               "applies": "yes", "note": "Agreed"}),
    "analysis.codebook_page": Rule("/analysis/codes", STAFF_PAGE),
    "analysis.edit_code": Rule(lambda c: f"/analysis/codes/{c['analysis_code']}/edit", STAFF_PAGE),
    "analysis.code_detail": Rule(lambda c: f"/analysis/codes/{c['analysis_code']}", STAFF_PAGE),
    "analysis.merge_code": Rule(lambda c: f"/analysis/codes/{c['analysis_code']}/merge", STAFF_PAGE),
    "analysis.delete_code": Rule(lambda c: f"/analysis/codes/{c['analysis_code']}/delete", STAFF_PAGE),
    "analysis.review": Rule("/analysis/review", STAFF_PAGE),
    "analysis.suggestions": Rule("/analysis/suggestions?k=3", STAFF_PAGE),
    "analysis.accept_suggestion": Rule(f"/analysis/suggestions/{SIG}/accept?k=3", STAFF_POST),
    "analysis.rename_suggestion": Rule(f"/analysis/suggestions/{SIG}/rename?k=3", STAFF_POST, "POST",
                                       {"name": "A name"}),
    "analysis.dismiss_suggestion": Rule(f"/analysis/suggestions/{SIG}/dismiss?k=3", STAFF_POST, "POST"),
    "analysis.decisions": Rule("/analysis/suggestions/log", STAFF_PAGE),
    "analysis.exports": Rule("/analysis/exports", STAFF_PAGE),
    "analysis.export_answers": Rule("/analysis/exports/answers.csv", STAFF_PAGE),
    "analysis.export_quotes": Rule("/analysis/exports/quotes.csv", STAFF_PAGE),
    "analysis.export_codebook": Rule("/analysis/exports/codebook.qdc", STAFF_PAGE),
    "analysis.export_project": Rule("/analysis/exports/project.qdpx", STAFF_PAGE),
    "analysis.export_taguette": Rule("/analysis/exports/codebook.csv", STAFF_PAGE),
    "analysis.import_codebook": Rule("/analysis/codes/import", STAFF_PAGE),
}
