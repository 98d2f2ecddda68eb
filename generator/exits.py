"""Exit codes and the usage error, shared by the command line and the commands it runs (kept apart
so that neither imports the other). 0 no errors; 1 errors found (or warnings with --fail-on
warning); 2 usage error or input that could not be read at all."""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with what the user asked for; the message says what and how to fix it."""
