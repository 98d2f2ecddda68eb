"""The validator: read → parse → schema → rules → attachments → project folder → report.
Nothing prints until the report is rendered; `validate_paths` is the one entry point."""
