"""The ``dashboard`` command, for automation and tests.

Every command honours ``DASHBOARD_DATABASE_URL`` and seeds an empty store first, as the
app does. Bad arguments give one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final, NoReturn

import pandas as pd

from dashboard import branding
from dashboard.catalog import datasets
from dashboard.files import character_loss, datapackage, downloads, upload
from dashboard.present import chromium, decks, slide_exports
from dashboard.store import Store, StoreWriteError, VersionConflict, accounts

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
# File-level problems: the file could not be read as a table at all.
UNREADABLE: Final = frozenset(
    {"not_a_table", "undecodable", "too_large", "too_large_unpacked", "unsupported_type", "empty_file"}
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dashboard", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    key_help = "dataset key, see `dashboard datasets`"

    listing = commands.add_parser("datasets", help="list the registered datasets and their columns")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    export = commands.add_parser("export", help="a version of a dataset, formula-safe, on stdout")
    export.add_argument("key", help=key_help)
    export.add_argument("--version", type=int, help="version number (default: the current one)")
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv")

    template = commands.add_parser("template", help="a CSV header for a dataset (with --example: one row)")
    template.add_argument("key", help=key_help)
    template.add_argument("--example", action="store_true", help="add one example row")
    template.add_argument("--format", choices=("csv", "xlsx"), default="csv")

    for name, what in (("validate", "check a file"), ("import", "check a file and publish it if valid")):
        command = commands.add_parser(name, help=what)
        command.add_argument("file", help="a .csv (any Excel export) or .xlsx file")
        command.add_argument("--dataset", required=True, help=key_help)
        command.add_argument("--json", action="store_true", help="machine-readable report on stdout")
        command.add_argument("--lang", choices=("nl", "en"), default="en", help="language of messages")
        if name == "import":
            command.add_argument("--user", required=True, help="who publishes (recorded in the audit row)")
            command.add_argument("--note", help="why (recorded in the audit row)")
            command.add_argument(
                "--allow-character-loss",
                action="store_true",
                help="publish even when the file's code page (a cp1252 CSV) lost characters the current"
                " version holds, such as → or ł; without it such a file is refused with exit 1",
            )

    history = commands.add_parser("history", help="every version of a dataset with its audit row")
    history.add_argument("key", help=key_help)
    history.add_argument("--json", action="store_true", help="machine-readable output")

    rollback = commands.add_parser("rollback", help="publish an old version's content as a new version")
    rollback.add_argument("key", help=key_help)
    rollback.add_argument("version", type=int)
    rollback.add_argument("--user", required=True, help="who rolls back (recorded in the audit row)")

    user = commands.add_parser("user", help="manage analyst accounts (who may upload and roll back)")
    user_commands = user.add_subparsers(dest="user_command", required=True, parser_class=_Parser)
    add = user_commands.add_parser("add", help="create an analyst account or set a new password")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    slides = commands.add_parser("slides", help="a presentation as a PowerPoint deck from the current data")
    slides.add_argument("--presentation", default=decks.DEFAULT_PRESENTATION, help="a presentation's key")
    slides.add_argument("--lang", choices=("nl", "en"), default="nl")
    slides.add_argument("--output", required=True, help="where to write the .pptx")

    package = commands.add_parser(
        "datapackage", help="every dataset's current version as CSV plus a Frictionless datapackage.json"
    )
    package.add_argument("folder", help="where to write them (created if missing)")

    commands.add_parser("seed", help="create the store and publish curated data it does not have yet")
    commands.add_parser("check", help="check the store: versions and presentations readable (exit 1 if not)")
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


def _write_frame(frame: pd.DataFrame, output_format: str, sheet: str) -> None:
    if output_format == "xlsx":
        sys.stdout.buffer.write(downloads.to_xlsx(frame, sheet))
    else:
        sys.stdout.write(downloads.to_csv(frame).decode("utf-8-sig"))


def _check(arguments: argparse.Namespace) -> tuple[datasets.Dataset, pd.DataFrame | None, upload.Report]:
    dataset = _dataset_or_exit(arguments.dataset)
    path = Path(arguments.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        print(f"dashboard: cannot read {path}: {error.strerror}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None
    frame, report = upload.read_upload(data, path.name, dataset, limits=upload.configured_limits())
    if frame is not None and character_loss.code_page(report.encoding, frame):
        report = upload.with_character_loss(report, frame, _ready_store().load(dataset.key), dataset)
    if arguments.json:
        print(json.dumps(report.as_json(arguments.lang), ensure_ascii=False, indent=2, default=str))
    else:
        # import says it in one line when it refuses (see _import); validate lists every cell.
        lost = () if arguments.command == "import" else report.character_loss
        for problem in (*report.problems, *lost, *report.warnings):
            print(problem.message(arguments.lang), file=sys.stderr)
    return dataset, frame, report


def _exit_code(report: upload.Report) -> int:
    if report.ok:
        return EXIT_INVALID if report.character_loss else EXIT_OK
    unreadable = any(problem.code in UNREADABLE for problem in report.problems)
    return EXIT_USAGE if unreadable else EXIT_INVALID


def _history(arguments: argparse.Namespace) -> None:
    dataset = _dataset_or_exit(arguments.key)
    entries = _ready_store().history(dataset.key)
    if arguments.json:
        print(
            json.dumps(
                [{**vars(entry), "created_at": entry.created_at.isoformat()} for entry in entries],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for entry in entries:
        print(
            f"v{entry.version:<4} {entry.created_at:%Y-%m-%d %H:%M} {entry.created_by:<16} {entry.origin:<16}"
            f" {entry.row_count:>7} rows  {entry.file_name or ''}  {entry.note or ''}"
        )


def _datasets(arguments: argparse.Namespace) -> int:
    if arguments.json:
        described = [_describe(dataset) for dataset in datasets.DATASETS.values()]
        print(json.dumps(described, ensure_ascii=False, indent=2))
    else:
        for dataset in datasets.DATASETS.values():
            print(f"{dataset.key:<14} {dataset.title_en}")
    return EXIT_OK


def _export(arguments: argparse.Namespace) -> int:
    dataset = _dataset_or_exit(arguments.key)
    try:
        frame = _ready_store().load(dataset.key, arguments.version)
    except LookupError as error:
        print(f"dashboard: {error.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    _write_frame(frame[dataset.columns], arguments.format, dataset.key)
    return EXIT_OK


def _template(arguments: argparse.Namespace) -> int:
    dataset = _dataset_or_exit(arguments.key)
    frame = downloads.template(dataset) if arguments.example else pd.DataFrame(columns=dataset.columns)
    _write_frame(frame, arguments.format, dataset.key)
    return EXIT_OK


def _validate(arguments: argparse.Namespace) -> int:
    return _exit_code(_check(arguments)[2])


def _import(arguments: argparse.Namespace) -> int:
    dataset, frame, report = _check(arguments)
    if frame is None:
        return _exit_code(report)
    if report.character_loss and not arguments.allow_character_loss:
        print(
            f"dashboard: {Path(arguments.file).name}: {len(report.character_loss)} cells lost characters"
            f" {report.character_loss[0].params.get('encoding')} cannot hold (`dashboard validate` lists"
            " them); nothing was published."
            " Save the file as CSV UTF-8 or .xlsx, or pass --allow-character-loss",
            file=sys.stderr,
        )
        return EXIT_INVALID
    store = _ready_store()
    raw = Path(arguments.file).read_bytes()
    try:
        info = store.publish(
            dataset.key,
            frame,
            user=arguments.user,
            based_on=store.current_version(dataset.key),
            file_name=Path(arguments.file).name,
            sha256=hashlib.sha256(raw).hexdigest(),
            note=arguments.note,
        )
    except VersionConflict as conflict:
        print(f"dashboard: {conflict}; nothing was written, try again", file=sys.stderr)
        return EXIT_INVALID
    except StoreWriteError as error:
        print(f"dashboard: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{dataset.key}: published version {info.version} ({info.row_count} rows)", file=sys.stderr)
    if not arguments.json:
        print(info.version)
    return EXIT_OK


def _rollback(arguments: argparse.Namespace) -> int:
    dataset = _dataset_or_exit(arguments.key)
    try:
        info = _ready_store().rollback(dataset.key, arguments.version, user=arguments.user)
    except LookupError as error:
        print(f"dashboard: {error.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    except StoreWriteError as error:
        print(f"dashboard: {error}", file=sys.stderr)
        return EXIT_INVALID
    print(f"{dataset.key}: version {arguments.version} restored as version {info.version}", file=sys.stderr)
    print(info.version)
    return EXIT_OK


def _check_store(_arguments: argparse.Namespace) -> int:
    """For operators, after a crash or a restore: every stored version readable and in order,
    and every saved presentation readable (the present page would list it as unreadable)."""
    store = Store()
    problems = store.integrity_problems()
    for key, content in sorted(store.saved_presentations().items()):
        try:
            decks.loads(key, content)
        except decks.PresentationError as error:
            problems.append(f"presentation {key}: {error}")
    for problem in problems:
        print(problem)
    print("store: " + (f"{len(problems)} problems" if problems else "healthy"), file=sys.stderr)
    return EXIT_INVALID if problems else EXIT_OK


def _seed(_arguments: argparse.Namespace) -> int:
    store = _ready_store()
    versions = store.current_versions()
    print(", ".join(f"{key} v{versions[key]}" for key in datasets.DATASETS))
    return EXIT_OK


def _user(arguments: argparse.Namespace) -> int:
    if arguments.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {arguments.name}: ")
        if getpass.getpass("Again: ") != password:
            print("dashboard: the passwords differ; nothing was changed", file=sys.stderr)
            return EXIT_USAGE
    try:
        accounts.add_user(arguments.name, password, _ready_store())
    except accounts.AccountError as error:
        print(f"dashboard: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"analyst {arguments.name} saved in the store", file=sys.stderr)
    return EXIT_OK


def _slides(arguments: argparse.Namespace) -> int:
    store = _ready_store()
    saved = store.saved_presentations()
    if arguments.presentation not in decks.available(saved):
        known = ", ".join(decks.available(saved))
        print(f"dashboard: no presentation {arguments.presentation!r}; known: {known}", file=sys.stderr)
        return EXIT_USAGE
    try:
        deck = decks.load(arguments.presentation, saved.get(arguments.presentation))
    except decks.PresentationError as error:
        print(f"dashboard: {arguments.presentation}: {error}", file=sys.stderr)
        return EXIT_USAGE
    frames = {key: store.load(key) for key in datasets.DATASETS}
    built = [decks.build(spec, frames, arguments.lang) for spec in deck.slides]
    try:
        # A branded deployment's decks carry its logo and colour, from here as from the app.
        content = slide_exports.deck(built, title=deck.title(arguments.lang), brand=branding.current())
    except (chromium.ExportUnavailable, branding.BrandingError) as error:
        print(f"dashboard: {error}", file=sys.stderr)
        return EXIT_USAGE
    Path(arguments.output).write_bytes(content)
    print(f"{arguments.output}: {len(built)} slides", file=sys.stderr)
    return EXIT_OK


def _datapackage(arguments: argparse.Namespace) -> int:
    store = _ready_store()
    # The newest audit row first, then exactly that version: a publish meanwhile cannot mix them.
    published = {key: store.history(key)[0] for key in datasets.DATASETS}
    frames = {key: store.load(key, entry.version) for key, entry in published.items()}
    try:
        descriptor = datapackage.write(Path(arguments.folder), frames, published)
    except OSError as error:
        print(f"dashboard: cannot write {arguments.folder}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{descriptor}: {len(frames)} datasets", file=sys.stderr)
    return EXIT_OK


def _history_command(arguments: argparse.Namespace) -> int:
    _history(arguments)
    return EXIT_OK


COMMANDS: Final[dict[str, Callable[[argparse.Namespace], int]]] = {
    "datasets": _datasets,
    "export": _export,
    "template": _template,
    "validate": _validate,
    "import": _import,
    "history": _history_command,
    "rollback": _rollback,
    "seed": _seed,
    "check": _check_store,
    "user": _user,
    "slides": _slides,
    "datapackage": _datapackage,
}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    return COMMANDS[arguments.command](arguments)


if __name__ == "__main__":
    raise SystemExit(main())
