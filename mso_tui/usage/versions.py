"""The Claude Code version pattern, shared by the usage scan and the importer (only `re`: cheap to import)."""
from __future__ import annotations

import re

SEMVER = re.compile(r"\d+\.\d+\.\d+")  # a version ccusage accepts starts like 1.2.3
