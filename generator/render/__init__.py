"""Printable forms: schema (+ dossier) → tree → HTML (Jinja2, autoescaped) → PDF (WeasyPrint)."""
