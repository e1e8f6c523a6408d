"""``python -m textmine.cli``."""

import sys

from textmine.cli import main

sys.exit(main())
