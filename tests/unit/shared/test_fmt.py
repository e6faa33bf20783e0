"""One short form of token counts for the CLI and the TUI."""
from mso_tui.fmt import short_tokens


def test_short_tokens() -> None:
    assert [short_tokens(n) for n in (0, 950, 12_345, 4_100_000, 2_050_000_000)] == ["0", "950", "12.3k", "4.1M",
                                                                                    "2.05B"]
