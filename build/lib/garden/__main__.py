"""`python -m garden` runs the `garden` command."""

from garden.cli import main

raise SystemExit(main())
