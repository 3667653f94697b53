"""Command line: ``names compare A B [--json]`` and ``names variants NAME [--json]``.

:func:`main` takes the arguments after ``names`` and returns an exit code;
the ``adalet`` command wires it in. Errors are one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import NoReturn

from adalet.names.forms import analyse, variants
from adalet.names.score import compare


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="adalet names", description="Cross-script person-name matching.")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compare", help="score two names (0..1) and explain the match")
    c.add_argument("a")
    c.add_argument("b")
    c.add_argument("--json", action="store_true", help="print JSON")
    v = sub.add_parser("variants", help="list the Latin and Arabic-script forms derived from a name")
    v.add_argument("name")
    v.add_argument("--json", action="store_true", help="print JSON")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the ``names`` command; returns 0 on success, 2 on a usage error."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
    except ValueError as exc:
        print(f"adalet names: error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    if args.command == "compare":
        m = compare(args.a, args.b)
        if args.json:
            print(json.dumps({"a": args.a, "b": args.b, **m.to_dict()}, ensure_ascii=False))
        else:
            print(f"{m.score:.2f}")
            for line in m.explanation:
                print(f"  {line}")
        return 0
    a = analyse(args.name)
    vs = variants(args.name)
    if args.json:
        print(json.dumps({"name": args.name, "kind": a.kind.value, "variants": vs}, ensure_ascii=False))
    else:
        print(f"{a.kind.value}: {a.clean}")
        for v in vs:
            print(f"  {v}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
