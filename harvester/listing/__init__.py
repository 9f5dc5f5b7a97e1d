"""The list, pure: Markdown to entries (parse, identifiers, keys, dates) and back (render)."""
