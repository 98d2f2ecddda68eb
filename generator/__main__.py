"""`python -m generator` is the same as the `szqz` command."""

from generator.cli import main

raise SystemExit(main())
