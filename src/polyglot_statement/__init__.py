"""polyglot-statement: publish one statement in many languages."""

__version__ = "0.1.0"
