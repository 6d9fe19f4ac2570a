"""python -m bench.http [postgres|sqlite|scaleout ...]"""

import sys

from bench.http.run import main

main(sys.argv[1:])
