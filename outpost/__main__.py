"""Lets `python -m outpost` run the command line."""

from outpost.cli import main

main()
