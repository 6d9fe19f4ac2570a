"""python -m bench.http [postgres|sqlite|mix|scaleout ...]"""

import sys

from bench.http.run import main

main(sys.argv[1:])
