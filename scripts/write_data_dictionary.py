"""Write data/README.md from the registry (a test fails when it is out of date)."""

from dashboard import settings
from dashboard.catalog import dictionary

if __name__ == "__main__":
    target = settings.data_dir() / "README.md"
    target.write_text(dictionary.render(), encoding="utf-8")
    print(f"wrote {target}")
