"""glossary.yml: terminology, its matching in text, and its export for other tools."""
