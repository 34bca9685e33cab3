"""Quality gates over the built site: link check (linkinator) and accessibility (axe-core)."""
