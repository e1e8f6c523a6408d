"""Files shipped inside the package: the default taxonomy, dictionary, stop words and model, and the base
corpus that retraining starts from (so that a plain ``pip install`` can train)."""

from pathlib import Path

RESOURCE_DIR = Path(__file__).parent
DEFAULT_TAXONOMY = RESOURCE_DIR / "taxonomy.yaml"
DEFAULT_DOMAIN_WORDS = RESOURCE_DIR / "domain_words.txt"
DEFAULT_STOP_WORDS = RESOURCE_DIR / "stopwords.txt"
DEFAULT_MODEL_DIR = RESOURCE_DIR / "default_model"
CORPUS_DIR = RESOURCE_DIR / "corpus"
