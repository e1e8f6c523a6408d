"""Where the repository's files are, wherever the tests run from."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SCRIPTS = ROOT / "scripts"
