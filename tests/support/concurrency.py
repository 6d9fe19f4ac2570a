"""Requests at the same moment, from several signed-in clients (capacity and double-booking races)."""

import threading

from softlanding.core.extensions import db
from tests.conftest import login


def concurrent_posts(app, requests):
    """POST at the same moment, one client per (user_id, url); returns the status codes."""
    barrier = threading.Barrier(len(requests))
    codes = []
    lock = threading.Lock()

    def worker(user_id, url):
        client = app.test_client()
        with app.app_context():
            from softlanding.blueprints.accounts.models import User

            login(client, db.session.get(User, user_id))
            db.session.remove()
        barrier.wait()
        response = client.post(url)
        with lock:
            codes.append(response.status_code)

    threads = [threading.Thread(target=worker, args=pair) for pair in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return codes
