"""Command line: ``python -m etl build``, ``python -m etl check PATH``, ``python -m etl export``.

Exit codes: 0 success, 1 no warehouse to export from, another build still running, or the data
folder cannot be written; 2 invalid input (every problem printed as ``file:row:column: rule`` or
``file: field: rule``, or every unusable export filter). A traceback is a bug.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from indicators.model.catalog import CatalogError, load_catalog
from indicators.model.paths import data_dir
from indicators.text.i18n import LANGUAGES, untranslated_catalog_texts

from .build import BuildBusy, build, check, publish_build
from .contracts import VALID_CONFIDENCE, VALID_SEX, VALID_STATUSES, Problem, ValidationFailed
from .fetch import fetch_eurostat


def _report(problems, out=None) -> int:
    out = out or sys.stderr
    problems = list(dict.fromkeys(problems))  # in the order found: the same from `check` and `build`
    print(f"{len(problems)} problem(s) found; nothing was loaded:", file=out)
    for p in problems:
        print(f"  {p}", file=out)
    return 2


def cmd_build(args) -> int:
    root = Path(args.data_dir) if args.data_dir else data_dir()

    def waiting(holder: str) -> None:
        print(
            f"Another build of {root} is running (process {holder}); waiting for it to finish…",
            file=sys.stderr,
            flush=True,
        )

    try:
        result = build(root, on_wait=waiting, use_cache=not args.no_cache)
    except ValidationFailed as err:
        code = _report(err.problems)
        print("The previous warehouse was left unchanged.", file=sys.stderr)
        return code
    except BuildBusy as err:
        print(f"error: {err}. The previous warehouse was left unchanged.", file=sys.stderr)
        return 1
    except OSError as err:
        print(
            f"error: cannot write the new build under {root}: {err.strerror or type(err).__name__} "
            f"({getattr(err, 'filename', '') or ''}). The previous warehouse was left unchanged.",
            file=sys.stderr,
        )
        return 1
    m = result.manifest
    print(f"Built warehouse {m['build_id']} in {m['duration_s']:.2f} s -> {root / 'warehouse'}")
    print(f"  datasets: {m['datasets']}   sources: {m['sources']}   economies: {', '.join(m['economies_covered'])}")
    print(
        f"  observations: {m['tables']['observations']} "
        f"(real: {m['real_observations']}, synthetic: {m['synthetic_observations']}; "
        + ", ".join(f"{k}: {v}" for k, v in sorted(m["observations_by_confidence"].items()))
        + ")"
    )
    print("  tables: " + ", ".join(f"{k} {v}" for k, v in m["tables"].items()))
    return 0


def cmd_check(args) -> int:
    root = Path(args.data_dir) if args.data_dir else data_dir()
    extracted, problems = check([Path(p) for p in args.paths], root=root)
    if problems:
        return _report(problems)
    rows = sum(len(e.observations) for e in extracted if e.observations is not None)
    other = sum(len(t) for e in extracted for t in e.tables.values())
    read = sum(n for e in extracted for n in e.input_rows.values())
    print(
        f"OK: {len(extracted)} dataset(s), {read} data row(s) read and valid ({rows} observation row(s), "
        f"{other} row(s) in other tables); nothing was loaded."
    )
    _warn_untranslated()
    return 0


def _warn_untranslated() -> None:
    """A catalog text with no translation yet is shown in English: say so, never fail (README: add an indicator)."""
    texts = load_catalog().user_texts()
    for lang in LANGUAGES:
        missing = untranslated_catalog_texts(texts, lang)
        if missing:
            shown = "; ".join(f"'{t[:40]}'" for t in missing[:3]) + (" ..." if len(missing) > 3 else "")
            print(
                f"warning: {lang}: {len(missing)} of {len(texts)} catalog texts have no translation yet and are "
                f"shown in English ({shown}). Run scripts/update_translations.sh, then translate them in "
                f"indicators/locale/{'sr_Latn' if lang == 'sr_Cyrl' else lang}/LC_MESSAGES/catalog.po.",
                file=sys.stderr,
            )


FILTER_HELP = {
    "economy": "economy code(s): ALB, BIH, XKX (XK accepted), MNE, MKD, SRB",
    "pillar": "pillar(s): legal, technical, organisational, capacity, cooperation, inclusion, headline",
    "indicator": "indicator id(s) from the catalog",
    "source": "dataset name(s) or source id(s)",
    "period": "one year (2024) or a range (2018-2024)",
    "confidence": ", ".join(VALID_CONFIDENCE),
    "status": ", ".join(VALID_STATUSES),
    "sex": ", ".join(VALID_SEX),
    "group": "population group(s), e.g. all",
}


def _setup_export(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        required=True,
        choices=("csv", "parquet", "datapackage"),
        help="csv or parquet: the filtered table; datapackage: a zipped Frictionless Data Package",
    )
    for key, text in FILTER_HELP.items():
        p.add_argument(
            f"--{key}",
            action="append",
            metavar="VALUE",
            help=text + (" (repeat or separate with commas)" if key != "period" else ""),
        )
    p.add_argument("out", help="output file (written atomically)")


def cmd_export(args) -> int:
    """Export the warehouse's observations, filtered, with their provenance (the explorer's downloads)."""
    from indicators.model.catalog import load_catalog
    from indicators.model.explore import choices, parse_filters
    from indicators.model.export import ExportError, export_bytes, filter_observations, warehouse_tables, write_atomic
    from indicators.model.warehouse import Warehouse, WarehouseMissing

    root = Path(args.data_dir) if args.data_dir else data_dir()
    try:
        wh = Warehouse(root)
    except WarehouseMissing as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    try:
        obs = wh.observations()
        catalog = load_catalog()
        tables, skipped = warehouse_tables(wh)
        allowed = choices(obs, catalog, tables.get("sources"), tables.get("datasets"))
        filters, messages = parse_filters({k: getattr(args, k) for k in FILTER_HELP}, allowed)
        if messages:
            print(f"{len(messages)} unusable filter value(s); nothing was exported:", file=sys.stderr)
            for m in messages:
                print(f"  {m}", file=sys.stderr)
            return 2
        out = Path(args.out)
        if out.is_dir():
            print(f"error: {out} is a folder; give a file name", file=sys.stderr)
            return 2
        if not out.parent.exists():
            print(f"error: folder {out.parent} does not exist", file=sys.stderr)
            return 2
        data = export_bytes(args.format, obs, catalog, filters, tables=tables, build_id=wh.build_id, skipped=skipped)
        write_atomic(out, data)
    except ExportError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    finally:
        wh.close()
    rows = len(filter_observations(obs, filters))
    print(
        f"Exported {rows} observation row(s) ({filters.describe()}) as {args.format} -> {out} "
        f"({len(data):,} bytes, build {wh.build_id})"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="data folder (default: ./data or $CYBER_DATA_DIR)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate data/raw and build the warehouse atomically")
    b.add_argument(
        "--no-cache",
        action="store_true",
        help="read and check every file and the catalog afresh, ignoring the parse cache (etl/parse_cache.py)",
    )
    p_check = sub.add_parser("check", help="validate raw files or folders without loading anything")
    p_check.add_argument("paths", nargs="+")
    _setup_export(
        sub.add_parser(
            "export",
            help="export the (filtered) data as csv, parquet or a data package",
            description=cmd_export.__doc__,
        )
    )
    extra = getattr(sys.modules[__name__], "EXTRA_COMMANDS", {})
    for name, (help_text, setup, _fn) in extra.items():
        setup(sub.add_parser(name, help=help_text))
    args = parser.parse_args(argv)
    handlers = {"build": cmd_build, "check": cmd_check, "export": cmd_export, **{k: v[2] for k, v in extra.items()}}
    try:
        return handlers[args.command](args)
    except ValidationFailed as err:
        return _report(err.problems)
    except CatalogError as err:
        return _report(
            sorted(Problem(f"indicators/catalog/{f}", 0, p, r) for f, p, r in err.errors)
            or [Problem("indicators/catalog", 0, "-", str(err))]
        )


def cmd_publish(args) -> int:
    """Write and serve the public tables of the current build if it has none yet (the dashboard's first
    start runs this in a child process after its build: etl.build.publish_build)."""
    root = Path(args.data_dir) if args.data_dir else data_dir()
    try:
        out = publish_build(root)
    except BuildBusy as err:
        print(f"error: {err}.", file=sys.stderr)
        return 1
    if out is None:
        print(f"error: no current build under {root}: run `python -m etl build`.", file=sys.stderr)
        return 1
    print(f"Published {out.name} -> {out}")
    return 0


def _setup_fetch(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", choices=("eurostat",), help="eurostat: isoc_cisci_prv20, isoc_cisce_ra, isoc_cisce_ic")


def cmd_fetch(args) -> int:
    """Refresh data/raw from the publisher's API (etl/fetch.py); offline it changes nothing (exit 1)."""
    root = Path(args.data_dir) if args.data_dir else data_dir()
    return fetch_eurostat(root, sys.stdout, sys.stderr)


EXTRA_COMMANDS: dict = {
    "fetch": ("pull Eurostat's datasets from its API with their flags, then check them", _setup_fetch, cmd_fetch),
    "publish": ("write and serve the current build's public tables if it has none yet", lambda p: None, cmd_publish),
}
