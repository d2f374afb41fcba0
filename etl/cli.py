"""Command line: ``python -m etl build``, ``python -m etl check PATH``.

Exit codes: 0 success, 2 invalid input (every problem printed as file:row:column: rule).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from indicators.paths import data_dir

from .build import build, check
from .contracts import ValidationFailed


def _report(problems, out=None) -> int:
    out = out or sys.stderr
    print(f"{len(problems)} problem(s) found; nothing was loaded:", file=out)
    for p in problems:
        print(f"  {p}", file=out)
    return 2


def cmd_build(args) -> int:
    root = Path(args.data_dir) if args.data_dir else data_dir()
    try:
        result = build(root)
    except ValidationFailed as err:
        code = _report(err.problems)
        print("The previous warehouse was left unchanged.", file=sys.stderr)
        return code
    m = result.manifest
    print(f"Built warehouse {m['build_id']} in {m['duration_s']:.2f} s -> {root / 'warehouse'}")
    print(f"  datasets: {m['datasets']}   sources: {m['sources']}   economies: {', '.join(m['economies_covered'])}")
    print(f"  observations: {m['tables']['observations']} "
          f"(real: {m['real_observations']}, synthetic: {m['synthetic_observations']}; "
          + ", ".join(f"{k}: {v}" for k, v in sorted(m['observations_by_confidence'].items())) + ")")
    print("  tables: " + ", ".join(f"{k} {v}" for k, v in m["tables"].items()))
    return 0


def cmd_check(args) -> int:
    root = Path(args.data_dir) if args.data_dir else data_dir()
    extracted, problems = check([Path(p) for p in args.paths], root=root)
    if problems:
        return _report(problems)
    rows = sum(len(e.observations) for e in extracted if e.observations is not None)
    print(f"OK: {len(extracted)} dataset(s), {rows} observation row(s) valid; nothing was loaded.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="data folder (default: ./data or $CYBER_DATA_DIR)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="validate data/raw and build the warehouse atomically")
    p_check = sub.add_parser("check", help="validate raw files or folders without loading anything")
    p_check.add_argument("paths", nargs="+")
    extra = getattr(sys.modules[__name__], "EXTRA_COMMANDS", {})
    for name, (help_text, setup, _fn) in extra.items():
        setup(sub.add_parser(name, help=help_text))
    args = parser.parse_args(argv)
    handlers = {"build": cmd_build, "check": cmd_check, **{k: v[2] for k, v in extra.items()}}
    try:
        return handlers[args.command](args)
    except ValidationFailed as err:
        return _report(err.problems)


EXTRA_COMMANDS: dict = {}
