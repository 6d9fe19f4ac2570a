"""Run every bench/*.py module's main() (or only those named as arguments)."""

import importlib
import pkgutil
import sys
from pathlib import Path

ON_REQUEST_ONLY = {"soak"}


def main(argv=None):
    """Import and run the benchmark modules, in name order."""
    names = list(argv if argv is not None else sys.argv[1:])
    available = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                       if not m.name.startswith("_"))
    # The soak needs PostgreSQL and Redis and takes a minute: `make soak` runs it when asked for.
    for name in names or [n for n in available if n not in ON_REQUEST_ONLY]:
        if name not in available:
            raise SystemExit(f"no benchmark module bench/{name}.py (have: {', '.join(available)})")
        module = importlib.import_module(f"bench.{name}")
        if hasattr(module, "main"):
            print(f"== bench.{name}")
            module.main()


if __name__ == "__main__":
    main()
