"""`python -m brief` runs the command line."""

from brief.cli import main

main()
