"""`python -m harvester` runs the command line."""

from harvester.cli import main

main()
