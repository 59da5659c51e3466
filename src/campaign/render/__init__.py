"""From templates and the case to document trees: the Jinja sandbox, markup parsing, framing."""
