"""Counting the SQL statements a piece of work sends (for "queries do not grow with rows" tests)."""

from sqlalchemy import event

from softlanding.core.extensions import db


class QueryCounter:
    """Counts SQL statements sent on `engine` while active (a context manager); keeps them in `statements`.
    With `touching`, only statements that name that text (a table, say) are counted."""

    def __init__(self, engine, touching=None):
        self.engine = engine
        self.touching = touching
        self.statements = []

    @property
    def count(self):
        return len(self.statements)

    def _on_execute(self, conn, cursor, statement, *args):
        if self.touching is None or self.touching in statement:
            self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._on_execute)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._on_execute)


def count_queries(app, client=None, url=None):
    """With a client and a url: how many statements one GET of `url` runs (which must answer 200).
    Without: a QueryCounter on the app's engine, `with count_queries(app) as q: ...; q.count`."""
    with app.app_context():
        engine = db.engine
    counter = QueryCounter(engine)
    if client is None:
        return counter
    with counter:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return counter.count
