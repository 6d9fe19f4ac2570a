"""Counting the SQL statements a piece of work sends (for "queries do not grow with rows" tests)."""

from sqlalchemy import event

from softlanding.core.extensions import db


class QueryCounter:
    """Counts SQL statements sent on `engine` while active (a context manager); keeps them in `statements`.
    With `touching`, only statements that name that text (a table, say) are counted. With `app`, counting
    starts as in a newly started worker: nothing kept under change stamps from earlier requests
    (core/stamps.py), so two counts compare the same work whatever ran before them."""

    def __init__(self, engine, touching=None, app=None):
        self.engine = engine
        self.touching = touching
        self.app = app
        self.statements = []

    @property
    def count(self):
        return len(self.statements)

    def _on_execute(self, conn, cursor, statement, *args):
        if self.touching is None or self.touching in statement:
            self.statements.append(statement)

    def __enter__(self):
        if self.app is not None:
            from softlanding.core import stamps

            with self.app.app_context():
                stamps.get_cache().forget()
        event.listen(self.engine, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._on_execute)


def count_queries(app, client=None, url=None, warm=False):
    """With a client and a url: how many statements one GET of `url` runs (which must answer 200).
    Without: a QueryCounter on the app's engine, `with count_queries(app) as q: ...; q.count`.
    Counting starts cold (nothing kept from earlier requests) unless `warm`: then it counts what a
    worker that already served the page sends."""
    with app.app_context():
        engine = db.engine
    counter = QueryCounter(engine, app=None if warm else app)
    if client is None:
        return counter
    with counter:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return counter.count
