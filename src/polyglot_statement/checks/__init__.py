"""`polyglot check`: quality checks over catalogues."""
