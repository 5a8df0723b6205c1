"""Write data/README.md from the registry (a test fails when it is out of date)."""

from dashboard.catalog import datasets, dictionary

if __name__ == "__main__":
    target = datasets.DATA_DIR / "README.md"
    target.write_text(dictionary.render(), encoding="utf-8")
    print(f"wrote {target}")
