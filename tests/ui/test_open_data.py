"""The Sources page offers the open-data package as a zip and names each dataset's licence,
in Dutch and in English."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from dashboard.catalog import datasets
from dashboard.files import datapackage
from dashboard.store import Store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LABELS = {"nl": "Open-datapakket downloaden (zip)", "en": "Download the open-data package (zip)"}
LICENCE = {
    "nl": "CC BY 4.0 voor deze verzameling",
    "en": "CC BY 4.0 for this compilation",
}


@pytest.fixture
def handed_over(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What the page hands Streamlit to download, by file name (Streamlit's media store of the
    test run is gone once the run ends)."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(
        self: MemoryMediaFileStorage, data: Any, mimetype: str, kind: Any, filename: str | None = None
    ) -> str:
        if filename and isinstance(data, bytes):
            files[filename] = data
        return original(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


def open_sources(lang: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("app_pages/sources.py").run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_sources_page_offers_the_package_and_names_the_licences(
    database_url: str, handed_over: dict[str, bytes], lang: str
) -> None:
    app = open_sources(lang)
    button = next(element for element in app.get("download_button") if element.proto.label == LABELS[lang])
    assert not button.proto.disabled
    (name,) = [name for name in handed_over if name.endswith(".zip")]
    assert name.startswith(f"{datapackage.PACKAGE_NAME}-")
    with zipfile.ZipFile(BytesIO(handed_over[name])) as archive:
        files = {Path(member).name: archive.read(member) for member in archive.namelist()}
    assert set(files) == {datapackage.DESCRIPTOR, *(dataset.file for dataset in datasets.DATASETS.values())}
    descriptor = json.loads(files[datapackage.DESCRIPTOR])
    assert [resource["version"] for resource in descriptor["resources"]] == [1] * len(datasets.DATASETS)
    # Each dataset's licence is named in the licences table, in the reader's language.
    licences = next(table.value for table in app.table if len(table.value) == len(datasets.DATASETS))
    assert all(LICENCE[lang] in text for text in licences.iloc[:, -1])


def test_after_a_publish_the_download_is_the_new_version(
    database_url: str, handed_over: dict[str, bytes]
) -> None:
    store = Store(database_url)
    store.ensure_ready()
    store.publish("campuses", store.load("campuses").iloc[:-1], user="ana", based_on=1, origin="upload")
    app = open_sources("nl")
    assert any("Campussen v2" in caption.value for caption in app.caption)
    (name,) = [name for name in handed_over if name.endswith(".zip")]
    with zipfile.ZipFile(BytesIO(handed_over[name])) as archive:
        descriptor = json.loads(archive.read(f"{datapackage.PACKAGE_NAME}/{datapackage.DESCRIPTOR}"))
    versions = {resource["name"]: resource["version"] for resource in descriptor["resources"]}
    assert versions["campuses"] == 2
    assert versions["events"] == 1
