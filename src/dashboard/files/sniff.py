"""How a CSV upload is written: its encoding, BOM, delimiter and header, from a sample.

Takes what Excel really writes: UTF-8 with or without BOM, cp1252, UTF-16 ("Unicode text")
and a first line ``sep=;``. Only the first ~64 KB is decoded to decide, so a large file is
parsed once, by the CSV reader. A file that is not text at all is refused here.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from dataclasses import dataclass
from typing import Final

from dashboard.catalog.datasets import DATASETS, Dataset
from dashboard.files.columns import normalise
from dashboard.files.problems import Problem, Refused

DELIMITERS: Final = (",", ";", "\t", "|")
SAMPLE_BYTES: Final = 64 * 1024
SAMPLE_ROWS: Final = 50
# Starts of common binary files: a picture or archive renamed .csv is refused, not parsed.
BINARY_MAGIC: Final = (
    b"\x89PNG",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"%PDF",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0",  # old .xls and .doc (OLE2)
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)
# cp1252 leaves these five bytes undefined; a file holding one is not cp1252.
CP1252_UNDEFINED: Final = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


@dataclass(frozen=True)
class Encoding:
    """How the bytes are text: the name the report shows, the Python codec, where text starts."""

    label: str
    codec: str
    start: int  # after the BOM
    verify: bool = False  # a BOM or NUL pattern chose the codec: check the whole file decodes


@dataclass(frozen=True)
class Sniffed:
    """The delimiter, the header as written and how many lines Excel's ``sep=`` took."""

    delimiter: str
    header: list[str]
    skip: int


def detect_encoding(data: bytes) -> Encoding:
    """The encoding of ``data``; refuses an empty file and one that is plainly binary."""
    if data.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8-sig", "utf-8", 3, verify=True)
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            # Excel's "Unicode text": UTF-16 with a BOM, usually tab-separated.
            return Encoding("utf-16", codec, 2, verify=True)
    if not data or data.isspace():  # isspace stops at the first other byte; strip copies
        raise Refused(Problem.for_file("empty_file"))
    guessed = _utf16_without_bom(data)
    if guessed:
        return Encoding("utf-16", guessed, 0, verify=True)
    if b"\x00" in data or data.startswith(BINARY_MAGIC):
        raise Refused(Problem.for_file("not_a_table"))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Encoding("utf-8", "utf-8", 0)
    # Excel on Dutch Windows writes cp1252; try it before latin-1, which accepts any byte.
    label = "latin-1" if any(byte in data for byte in CP1252_UNDEFINED) else "cp1252"
    return Encoding(label, label, 0)


def sniff(data: bytes, encoding: Encoding, dataset: Dataset) -> Sniffed:
    """Delimiter and header from a sample; refuses text that is empty, undecodable or binary."""
    payload = data[encoding.start :]
    if encoding.verify:
        _check_decodes(payload, encoding)
    sample, complete = _sample(payload, encoding.codec)
    if not sample or sample.isspace():
        raise Refused(Problem.for_file("empty_file"))
    if _looks_binary(sample):
        raise Refused(Problem.for_file("not_a_table"))

    # Excel reads and hides a first line "sep=;"; honour it the same way.
    skip = 0
    declared = re.match(r"sep=(.)\r?\n", sample)
    if declared and declared.group(1) in DELIMITERS:
        skip, sample = 1, sample[declared.end() :]
    if not complete and len(sample_records(sample, ",", complete=False)) < 2:
        sample, complete = decode(payload, encoding.codec)[declared.end() if declared else 0 :], True
    delimiter = (
        declared.group(1) if skip and declared else _best_delimiter(sample, dataset, complete=complete)
    )
    header = next(iter(sample_records(sample, delimiter, complete=True)), [])
    return Sniffed(delimiter=delimiter, header=header, skip=skip)


def decode(payload: bytes, codec: str) -> str:
    return payload.decode(codec, errors="replace")


def sample_records(sample: str, delimiter: str, *, complete: bool) -> list[list[str]]:
    """Up to SAMPLE_ROWS records of the sample; a record cut off by the sample's end is dropped."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar='"')
    try:
        records = list(itertools.islice(reader, SAMPLE_ROWS + 1))
    except csv.Error:
        return []
    if not complete and len(records) <= SAMPLE_ROWS:
        records = records[:-1]
    return records


def _check_decodes(payload: bytes, encoding: Encoding) -> None:
    try:
        text = payload.decode(encoding.codec)
    except UnicodeDecodeError:
        raise Refused(Problem.for_file("undecodable", encoding=encoding.label)) from None
    if not text or text.isspace():
        raise Refused(Problem.for_file("empty_file"))
    if "\x00" in text:
        raise Refused(Problem.for_file("not_a_table"))


def _best_delimiter(sample: str, dataset: Dataset, *, complete: bool) -> str:
    """The delimiter whose header best matches the dataset (ties: steadiest field count)."""
    own = set(dataset.columns)
    others = [set(other.columns) for other in DATASETS.values()]
    best: tuple[tuple[int, int, float, int], str] | None = None
    for delimiter in DELIMITERS:
        records = [record for record in sample_records(sample, delimiter, complete=complete) if record]
        if not records:
            continue
        names = {normalise(name) for name in records[0]}
        width = len(records[0])
        body = records[1:]
        steady = sum(len(record) == width for record in body) / len(body) if body else 1.0
        score = (len(names & own), max(len(names & columns) for columns in others), steady, width)
        if best is None or score > best[0]:
            best = (score, delimiter)
    return best[1] if best else ","


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'-be' when every other byte of the start is NUL, as in UTF-16 text."""
    head = data[:4096]
    if len(head) < 4:
        return None
    odd, even = head[1::2], head[0::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _sample(payload: bytes, codec: str) -> tuple[str, bool]:
    """The first ~64 KB as text, and whether that is the whole file."""
    complete = len(payload) <= SAMPLE_BYTES
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    return decoder.decode(payload[:SAMPLE_BYTES], final=complete), complete


def _looks_binary(sample: str) -> bool:
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f\x1a")
    return controls > 0.01 * len(sample)
