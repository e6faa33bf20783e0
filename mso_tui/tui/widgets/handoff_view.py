"""The handoff viewer's parts: the master prompt as Markdown (with streaming) and its metrics line."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from mso_tui.records import HandoffRecord


class HandoffView(VerticalScroll, can_focus=True):
    """A scrolling Markdown view of one master prompt; it can also grow as LLM text streams in."""

    DEFAULT_CSS = """
    HandoffView { height: 1fr; padding: 0 1; }
    HandoffView > Markdown { margin: 0; padding: 0; }
    """

    STREAM_INTERVAL = 0.1  # seconds: re-render at most ten times a second, not once per token

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._buffer: list[str] = []
        self._dirty = False
        self._streaming = False

    def compose(self) -> ComposeResult:
        """One Markdown widget."""
        yield Markdown("", id="handoff-markdown")

    def on_mount(self) -> None:
        """Flush streamed text on a timer so a fast stream never floods the event loop."""
        self.set_interval(self.STREAM_INTERVAL, self._flush)

    @property
    def text(self) -> str:
        """The text shown (or streamed so far)."""
        return "".join(self._buffer)

    def show(self, markdown: str) -> None:
        """Replace the view with a finished document and scroll to the top."""
        self._streaming = False
        self._buffer = [markdown]
        self._dirty = False
        self.query_one(Markdown).update(markdown)
        self.scroll_home(animate=False)

    def start_stream(self) -> None:
        """Clear the view for text that will arrive in chunks."""
        self._streaming = True
        self._buffer = []
        self._dirty = True

    def append(self, chunk: str) -> None:
        """Add a streamed chunk (rendered on the next flush)."""
        self._buffer.append(chunk)
        self._dirty = True

    def _flush(self) -> None:
        """Render buffered chunks and follow the end of the text while streaming."""
        if not self._dirty:
            return
        self._dirty = False
        self.query_one(Markdown).update(self.text)
        if self._streaming:
            self.scroll_end(animate=False)


def coverage_line(record: HandoffRecord) -> str:
    """Coverage of the session inventory by class, or why there is none (a handoff written before it existed)."""
    from mso_tui.handoff.coverage import by_class_text, share_text

    if not record.measured:
        return "coverage not measured (written before the session inventory)"
    if not record.coverage_by_class:
        return "coverage: the session inventory is empty (no turns, files or fields to count)"
    return f"{by_class_text(record.coverage_by_class)} ({share_text(record.coverage)})"


def metrics_line(record: HandoffRecord) -> str:
    """The footer of a handoff: generator, tokens in/out, ratio, tokenizer, coverage by class, times used."""
    ratio = f"{record.compression_ratio:.1f}x" if record.compression_ratio else "–"
    model = f" · model {record.generator_model}" if record.generator_model else ""
    delivered = " · delivered" if record.delivered else ""
    line = (f"{record.kind}{model} · tokens {record.tokens_in:,} → {record.tokens_out:,} · ratio {ratio} "
            f"({record.tokenizer or 'unknown tokenizer'}) · used {record.times_used}×{delivered}\n"
            f"{coverage_line(record)}")
    if record.notes:
        line += f"\n{record.notes.strip().splitlines()[0]}"
    return line


class HandoffMetrics(Static):
    """The metrics footer of the shown handoff (with the fallback note when the LLM path fell back)."""

    DEFAULT_CSS = """
    HandoffMetrics { height: auto; max-height: 4; padding: 0 1; color: $text-muted; background: $panel; }
    """

    def show(self, record: HandoffRecord | None) -> None:
        """Describe record, or say there is none."""
        self.update(metrics_line(record) if record is not None else "no handoff yet")
