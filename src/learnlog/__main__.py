"""Run learnlog as ``python -m learnlog``."""

from learnlog.cli import main

main()
