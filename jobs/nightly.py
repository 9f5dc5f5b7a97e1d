"""`python -m jobs.nightly ARGS` (from the repository root) is `harvester nightly ARGS`."""

import sys

from harvester.cli.main import main

main(["nightly", *sys.argv[1:]])
