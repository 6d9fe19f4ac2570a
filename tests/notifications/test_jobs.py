"""`flask jobs run` and `flask jobs worker`: all due work once, a loop that stops cleanly, production use."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from config import ProductionConfig
from softlanding.blueprints.accounts.models import User
from softlanding.core.extensions import db
from softlanding.core.jobs import claim_once
from softlanding.core.models import OutboxMessage
from softlanding.core.registry import get_registry
from tests.factories import make_user, read_mail

ROOT = Path(__file__).resolve().parents[2]


def test_jobs_run_sends_outbox_and_runs_every_job_even_if_one_fails(app, runner, mail_dir, monkeypatch):
    ran = []
    monkeypatch.setitem(get_registry(app).jobs, "zz_broken", lambda now: 1 / 0)
    monkeypatch.setitem(get_registry(app).jobs, "zz_counted", lambda now: ran.append(now) or 3)
    with app.app_context():
        from softlanding.blueprints.accounts.users import send_verification

        send_verification(make_user())
        db.session.commit()

    result = runner.invoke(args=["jobs", "run"])

    assert result.exit_code == 1  # cron reports the broken job
    assert "outbox: 1" in result.output
    assert "zz_broken: FAILED ZeroDivisionError" in result.output
    assert "zz_counted: 3" in result.output and len(ran) == 1
    assert [m["Subject"] for m in read_mail(mail_dir)] == ["Confirm your email address"]


def test_mail_queued_by_a_job_goes_out_in_the_same_run(app, runner, mail_dir, monkeypatch):
    from softlanding.blueprints.accounts.users import send_verification

    with app.app_context():
        user_id = make_user(email="queued.by.job@example.org").id
        db.session.commit()

    def job(now):
        send_verification(db.session.get(User, user_id))
        return 1

    monkeypatch.setitem(get_registry(app).jobs, "zz_queues_mail", job)
    result = runner.invoke(args=["jobs", "run"])
    assert "outbox (queued by jobs): 1" in result.output
    assert [m["To"] for m in read_mail(mail_dir)] == ["queued.by.job@example.org"]


def test_jobs_list_names_every_registered_job(runner):
    result = runner.invoke(args=["jobs", "list"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "outbox"
    assert "organiser_digest" in result.output


def test_worker_runs_the_given_number_of_iterations(app, runner, monkeypatch):
    runs = []
    monkeypatch.setitem(get_registry(app).jobs, "zz_tick", lambda now: runs.append(now) or 0)
    result = runner.invoke(args=["jobs", "worker", "--interval", "0", "--iterations", "3"])
    assert result.exit_code == 0, result.output
    assert len(runs) == 3
    assert "worker: stopped after 3 run(s)" in result.output


def test_worker_stops_gracefully_on_sigterm(database_url, tmp_path):
    env = {**os.environ, "FLASK_APP": "wsgi.py", "SOFTLANDING_ENV": "testing",
           "TEST_DATABASE_URL": database_url, "MAIL_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--interval", "30"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in process.stdout:  # wait until the first run has finished
            lines.append(line)
            if line.startswith("worker: outbox"):
                break
        process.send_signal(signal.SIGTERM)  # arrives while it sleeps: it must not wait 30 s
        out, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    output = "".join(lines) + out
    assert process.returncode == 0, output
    assert "signal SIGTERM received" in output
    assert "worker: stopped after 1 run(s)" in output


def test_production_does_not_deliver_inline_and_jobs_run_delivers(app, client, runner, mail_dir, monkeypatch):
    assert ProductionConfig.MAIL_DELIVER_INLINE is False or os.environ.get("MAIL_DELIVER_INLINE")
    monkeypatch.setitem(app.config, "MAIL_DELIVER_INLINE", False)
    with app.app_context():
        make_user(email="nadia@example.org")
        db.session.commit()

    response = client.post("/account/forgot", data={"email": "nadia@example.org"})
    assert response.status_code in (200, 302)
    assert read_mail(mail_dir) == []  # committed to the outbox, not sent by the web process
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.status)) == "pending"

    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    assert [m["Subject"] for m in read_mail(mail_dir)] == ["Reset your password"]


def test_claim_once_only_the_first_claim_wins(ctx):
    assert claim_once("test_job", "user1:2026-W48") is True
    assert claim_once("test_job", "user1:2026-W48") is False
    assert claim_once("test_job", "user2:2026-W48") is True
    db.session.commit()
    assert claim_once("test_job", "user1:2026-W48") is False
