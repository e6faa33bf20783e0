"""Code blocks an agent shows: never read as prose, and the dependencies a build file pins weigh as pins."""
from __future__ import annotations

from mso_tui.handoff.extractive.conversation import sentences, units
from mso_tui.handoff.extractive.pool import PRIORS, code_candidates

NESTED = ("The README is ready:\n```markdown\n# Client\n```kotlin\nval config = UpdateConfig(\n  retention = 30\n)\n"
          "```\nRun it once.\n```\nThe client library is written and documented for version two.")


def test_a_block_nested_in_a_block_is_no_prose() -> None:
    for split in (units, sentences):
        found = " ".join(split(NESTED))
        assert "UpdateConfig" not in found and "retention" not in found
        assert "The client library is written" in found and "The README is ready" in found


def test_a_dependency_pinned_in_a_build_file_weighs_as_a_pin() -> None:
    gradle = ("```kotlin\nandroid {\n    namespace = \"com.example.client\"\n}\ndependencies {\n"
              "    implementation(\"com.squareup.okhttp3:okhttp:4.12.0\")\n    debugImplementation(libs.leak)\n}\n```")
    package = '```json\n{\n  "name": "editor",\n  "dependencies": {\n    "@scope/editor-kit": "^4.6.0",\n' \
              '    "left-pad": "1.3.0"\n  }\n}\n```'
    wanted = {"implementation(\"com.squareup.okhttp3:okhttp:4.12.0\")", '"@scope/editor-kit": "^4.6.0",',
              '"left-pad": "1.3.0"'}
    found = code_candidates(gradle + "\n" + package + "\n```toml\nserde = \"1.0\"\nname = \"crate\"\n```", 1)
    priors = {c.text: c.prior for c in found}
    for line in wanted | {'serde = "1.0"'}:
        assert priors[line] == PRIORS["env"], line
    for line in ('namespace = "com.example.client"', "debugImplementation(libs.leak)", '"name": "editor",',
                 'name = "crate"'):
        assert priors[line] == PRIORS["code"], line


def test_a_checklist_item_an_edit_adds_is_a_checklist_item() -> None:
    from mso_tui.handoff.extractive.conversation import checklist

    diff = "```diff\n+ - [x] Write the skeleton\n+  - [ ] Add the benchmark (< 0.2 ms)\n- - [ ] An item taken out\n```"
    assert checklist([diff]) == [("Write the skeleton", True), ("Add the benchmark (< 0.2 ms)", False)]
