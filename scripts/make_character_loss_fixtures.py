"""Write the byte fixtures of ``tests/fixtures/character_loss/`` with LibreOffice Calc.

Does what an analyst does: take the dashboard's export of a dataset (UTF-8 CSV and .xlsx,
from :mod:`dashboard.files.downloads`), open it in a spreadsheet program and save it again,
once as a Dutch CSV in Windows-1252 (``;``), once as CSV UTF-8 and once as .xlsx. The tests
read the committed bytes and never need LibreOffice; this script says how they were made.

Two datasets: ``events`` as curated (its notes hold ``→``), and five ``data_centres`` rows whose
notes hold characters cp1252 lacks (``→ ′ ″ ≥ ł ő`` and an emoji) and ones it has (typographic
quotes, en dash, euro sign), as an analyst's earlier UTF-8 upload would have left them.

    apt-get install -y --no-install-recommends libreoffice-calc-nogui
    PYTHONPATH=src .venv/bin/python scripts/make_character_loss_fixtures.py

The CSV filter's third token is LibreOffice's character-set number: 1 is "Western Europe
(Windows-1252/WinLatin 1)" as the Save dialog offers it, 76 is UTF-8. (1252 is not a valid
number there: LibreOffice then writes each character's low byte, which no program does.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

import pandas as pd

from dashboard.catalog import datasets
from dashboard.files import downloads

ROOT: Final = Path(__file__).resolve().parents[1]
OUTPUT: Final = ROOT / "tests" / "fixtures" / "character_loss"
READ_UTF8_CSV: Final = "CSV:44,34,76,1"  # how Calc opens the export: comma, quote, UTF-8, line 1
SAVE_AS: Final = {
    "libreoffice-cp1252.csv": "csv:Text - txt - csv (StarCalc):59,34,1",
    "libreoffice-utf8.csv": "csv:Text - txt - csv (StarCalc):44,34,76",
}
# Text an analyst's earlier UTF-8 upload may hold: the first five lack in cp1252, the last does not.
NOTES: Final = (
    "Capaciteit 10 → 20 MW (uitbreiding)",
    "Kavel 5′ 3″ breed; vermogen ≥ 10 MW",
    "Beheer vanuit Łódź en Győr",
    "Koeling met restwarmte 🌱 naar het net",
    "Gebouwd in fasen: ≥ 2 hallen, ł en ő in de naam",
    "“Groen” datacenter – € 12 mln, ‘fase 2’ — gepland",
)


def frames() -> dict[str, tuple[str, pd.DataFrame]]:
    """Fixture name -> (dataset key, the rows the current version holds)."""
    curated = datasets.get("data_centres").load_curated()
    centres = curated.head(len(NOTES)).copy()
    centres["note"] = list(NOTES)
    # Two rows whose only non-ASCII character is an arrow: saved in cp1252, the file is pure
    # ASCII and reads as UTF-8, so the check cannot rely on the detected encoding alone.
    arrows = curated.iloc[[0, 2]].copy()
    arrows["note"] = ["Capaciteit 10 → 20 MW", "Gepland 2026 → 2027"]
    return {
        "events": ("events", datasets.get("events").load_curated()),
        "data_centres": ("data_centres", centres),
        "data_centres_ascii": ("data_centres", arrows),
    }


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        sys.exit("soffice not found: apt-get install -y --no-install-recommends libreoffice-calc-nogui")
    return found


def convert(source: Path, target: str, work: Path, *, infilter: str | None = None) -> bytes:
    """``source`` opened in Calc and saved with the ``target`` filter; the bytes it wrote."""
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    command = [soffice(), "--headless", f"-env:UserInstallation=file://{work / 'profile'}"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    (written,) = out.iterdir()
    return written.read_bytes()


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for name, (key, frame) in frames().items():
            export_csv = work / f"{name}.csv"
            export_csv.write_bytes(downloads.to_csv(frame[datasets.get(key).columns]))
            export_xlsx = work / f"{name}.xlsx"
            export_xlsx.write_bytes(downloads.to_xlsx(frame[datasets.get(key).columns], key))
            written = {
                "export.csv": export_csv.read_bytes(),
                "export.xlsx": export_xlsx.read_bytes(),
                **{
                    kind: convert(export_csv, target, work, infilter=READ_UTF8_CSV)
                    for kind, target in SAVE_AS.items()
                },
                "libreoffice.xlsx": convert(export_xlsx, "xlsx:Calc MS Excel 2007 XML", work),
            }
            for kind, content in written.items():
                (OUTPUT / f"{name}-{kind}").write_bytes(content)
                print(f"{name}-{kind}: {len(content)} bytes")


if __name__ == "__main__":
    main()
