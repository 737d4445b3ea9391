"""`polyglot status`: what is translated, approved and publishable, for coordinators."""
