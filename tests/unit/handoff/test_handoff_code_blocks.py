"""Code blocks an agent shows: never read as prose, and the dependencies a build file pins weigh as pins."""
from __future__ import annotations

from mso_tui.handoff.extractive.conversation import sentences, units

NESTED = ("The README is ready:\n```markdown\n# Client\n```kotlin\nval config = UpdateConfig(\n  retention = 30\n)\n"
          "```\nRun it once.\n```\nThe client library is written and documented for version two.")


def test_a_block_nested_in_a_block_is_no_prose() -> None:
    for split in (units, sentences):
        found = " ".join(split(NESTED))
        assert "UpdateConfig" not in found and "retention" not in found
        assert "The client library is written" in found and "The README is ready" in found

