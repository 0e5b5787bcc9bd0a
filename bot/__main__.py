"""python -m bot → the innobot command line."""

from bot.cli import main

main()
