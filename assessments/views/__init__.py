"""Server-rendered pages of the assessments app: one module per surface (STYLE 16)."""
