"""Source statements: Markdown with YAML front matter, segmented for translation."""
