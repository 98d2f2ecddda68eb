"""The 在线填写 (fill) pages: one page per form, built from the form's schema, where a clerk fills
the form in the browser, sees the validator's findings while typing, attaches files and saves the
dossier. The page's JavaScript (generator/assets/fill/) is glue only — DOM, files, hashing,
storage; every check, message, condition and amount in words comes from this package's Python,
run in the browser by Pyodide (api.py) over the same spec data."""
