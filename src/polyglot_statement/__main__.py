"""`python -m polyglot_statement` runs the command line."""

from polyglot_statement.cli import main

main()
