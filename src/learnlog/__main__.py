"""Run learnlog as ``python -m learnlog``."""

from learnlog.launch import main

main()
