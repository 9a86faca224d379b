"""`python -m roundtable …` runs the `roundtable` command (`cli.main`)."""

from roundtable.cli import main

if __name__ == "__main__":  # not when a test imports every module of the package
    main()
