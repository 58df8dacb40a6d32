"""`python -m brief` runs the command line."""

from brief.entry import main

main()
