"""The `garden` command: one sub-command per module, each registering its own arguments."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from garden import __version__
from garden.check import runner as check
from garden.importer import command as importer
from garden.tools import diagrams


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="garden",
        description="Tend the garden: import raw notes into pages, check the docs tree.",
    )
    parser.add_argument("--version", action="version", version=f"garden {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (importer, check, diagrams):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `garden check | head`: the reader has what it wanted
        sys.stderr.close()
        return 141
