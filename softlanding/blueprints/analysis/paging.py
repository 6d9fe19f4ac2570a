"""A page of a list whose total is counted apart from its rows, with the fields the pager macro reads."""

from dataclasses import dataclass


@dataclass
class ListPage:
    """One page of a list (the pager's fields): the workspace's answers, whose unfiltered total is kept."""

    page: int
    per_page: int
    total: int

    def __post_init__(self):
        self.page = max(1, min(self.page, self.pages))

    @property
    def pages(self):
        """How many pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self):
        """True past the first page."""
        return self.page > 1

    @property
    def has_next(self):
        """True before the last page."""
        return self.page < self.pages

    @property
    def prev_num(self):
        """The previous page number."""
        return self.page - 1

    @property
    def next_num(self):
        """The next page number."""
        return self.page + 1
