"""Exit codes and the usage error, shared by the command line and the commands it runs (kept
apart from cli.py so that the commands need not import the parser that imports them).

0 no errors; 1 errors found (or warnings with --fail-on warning); 2 usage error, or an input that
could not be read as a dossier; 3 the check could not be completed (a fault of this tool inside
one file, or a worker process that died); 130 interrupted (Ctrl-C or SIGTERM)."""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class UsageError(Exception):
    """A problem with what the user asked for; the message says what and how to fix it."""


class RunAborted(Exception):
    """The run cannot go on (a worker process died, say); the message says what happened."""
