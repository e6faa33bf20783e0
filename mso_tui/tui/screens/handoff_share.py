"""Copy (redacted, OSC 52) and export (a file, or a download in a browser) for the handoff viewer."""
from __future__ import annotations

import io
from pathlib import Path

from mso_tui.private_files import private_write
from mso_tui.tui.screens.helpers import redact_for_clipboard


class HandoffShareMixin:  # mixed into a Screen: self.app, self.notify and self.current exist there
    """The copy and export actions of HandoffScreen (it provides current, app, notify)."""

    def action_copy(self) -> None:
        """Copy the shown master prompt, with secrets masked, to the clipboard (OSC 52 works over SSH)."""
        record = self.current  # type: ignore[attr-defined]
        if record is None:
            self.notify("Nothing to copy yet.", severity="warning")
            return
        text, masked = redact_for_clipboard(record.master_prompt)
        self.app.copy_to_clipboard(text)
        if self.app.is_web:  # a browser tab cannot read OSC 52: hand the text over as a file too
            self.app.deliver_text(io.StringIO(text), save_filename=self._file_name(), open_method="browser")
        note = f", {masked} secret(s) masked" if masked else ""
        self.notify(f"Copied {len(text):,} characters{note}.", title="Handoff copied")

    def _file_name(self) -> str:
        """A default file name for the shown version."""
        record = self.current  # type: ignore[attr-defined]
        number = record.session_number if record and record.session_number else "latest"
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.project_name)
        return f"{safe}-handoff-{number}.md"

    def action_export(self) -> None:
        """Export the shown version: a file path in a terminal, a download in a browser."""
        record = self.current  # type: ignore[attr-defined]
        if record is None:
            self.notify("Nothing to export yet.", severity="warning")
            return
        if self.app.is_web:
            # the file leaves this machine, so it goes out redacted like the clipboard
            text, _ = redact_for_clipboard(record.master_prompt)
            self.app.deliver_text(io.StringIO(text), save_filename=self._file_name())
            return
        from mso_tui.tui.dialogs.handoff_export import HandoffExportModal

        self.app.push_screen(HandoffExportModal(str(self._export_folder() / self._file_name())), self._write_export)

    def _export_folder(self) -> Path:
        """The project's repository when it is known and there, else the folder mso was started in."""
        from mso_tui.services.projects import repo_path_of

        repo = repo_path_of(self.project_name)  # type: ignore[attr-defined]
        return Path(repo).expanduser() if repo and Path(repo).expanduser().is_dir() else Path.cwd()

    def _write_export(self, path: Path | None) -> None:
        """Write the shown version to path (atomically) once the modal returns one."""
        record = self.current  # type: ignore[attr-defined]
        if path is None or record is None:
            return
        try:
            private_write(path, redact_for_clipboard(record.master_prompt)[0])
        except OSError as exc:
            self.notify(f"{path}: {exc.strerror or exc}", severity="error", title="Export failed")
            return
        self.notify(f"Wrote {path}", title="Handoff exported")
