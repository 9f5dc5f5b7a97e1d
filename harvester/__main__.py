"""`python -m harvester` runs the command line."""

from harvester.cli.main import main

main()
