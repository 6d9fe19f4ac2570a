"""WSGI entry point: gunicorn wsgi:app (and FLASK_APP for every `flask` command)."""

import sys

from config import ConfigError
from softlanding import create_app

try:
    app = create_app()
except ConfigError as error:
    # The operator needs the one line that names the bad setting, not a traceback. Exit status 4 is
    # gunicorn's "app failed to load": its master then stops instead of restarting the worker forever.
    print(f"Soft Landing cannot start: {error}", file=sys.stderr)
    raise SystemExit(4) from None
