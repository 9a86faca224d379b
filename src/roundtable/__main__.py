"""`python -m roundtable …` runs the `roundtable` command (`cli.main`)."""

from roundtable.cli import main

main()
