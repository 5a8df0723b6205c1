"""The ``dashboard`` command, for automation and tests.

Every command honours ``DASHBOARD_DATABASE_URL`` and seeds an empty store first, as the
app does. Bad arguments give one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import NoReturn

from dashboard import datasets
from dashboard.store import Store

EXIT_OK, EXIT_USAGE = 0, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dashboard", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    listing = commands.add_parser("datasets", help="list the registered datasets and their columns")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    export = commands.add_parser("export", help="the current version of a dataset as UTF-8 CSV on stdout")
    export.add_argument("key", help="dataset key, see `dashboard datasets`")

    template = commands.add_parser("template", help="a header-only CSV for a dataset")
    template.add_argument("key", help="dataset key, see `dashboard datasets`")

    commands.add_parser("seed", help="create the store and publish curated data it does not have yet")
    return parser


def _describe(dataset: datasets.Dataset) -> dict[str, object]:
    columns = dataset.schema.to_schema().columns
    return {
        "key": dataset.key,
        "title": {"nl": dataset.title_nl, "en": dataset.title_en},
        "primary_key": list(dataset.primary_key),
        "columns": [
            {"name": name, "type": dataset.column_types()[name], "required": not columns[name].nullable}
            for name in dataset.columns
        ],
    }


def _dataset_or_exit(key: str) -> datasets.Dataset:
    try:
        return datasets.get(key)
    except KeyError as error:
        print(f"dashboard: {error.args[0]}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None


def _ready_store() -> Store:
    store = Store()
    store.ensure_ready()
    return store


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "datasets":
        if arguments.json:
            described = [_describe(dataset) for dataset in datasets.DATASETS.values()]
            print(json.dumps(described, ensure_ascii=False, indent=2))
        else:
            for dataset in datasets.DATASETS.values():
                print(f"{dataset.key:<14} {dataset.title_en}")
    elif arguments.command == "export":
        dataset = _dataset_or_exit(arguments.key)
        _ready_store().load(dataset.key)[dataset.columns].to_csv(sys.stdout, index=False, lineterminator="\n")
    elif arguments.command == "template":
        dataset = _dataset_or_exit(arguments.key)
        print(",".join(dataset.columns))
    elif arguments.command == "seed":
        store = _ready_store()
        versions = store.current_versions()
        print(", ".join(f"{key} v{versions[key]}" for key in datasets.DATASETS))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
