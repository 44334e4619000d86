"""Cloud Chat domain code: everything app.py wires together."""
