"""Model prices from genai-prices (Pydantic's maintained price database), looked up once per model.

genai-prices imports pydantic (~120 ms), so the rates found are saved in the cache folder keyed by the
installed database file (its size and mtime): a later run prices from the saved rates without importing
it, and a new genai-prices release is looked up afresh. Tiered prices (e.g. above 200k input tokens) count
at their base rate: usage is priced from sums, not per request.
"""
from __future__ import annotations

import marshal
import os

from mso_tui.locations import cache_path

RATES_VERSION = 1
_KEYS = ("input_mtok", "output_mtok", "cache_write_mtok", "cache_write_1h_mtok", "cache_read_mtok")
Rates = tuple  # (input, output, cache write 5m, cache write 1h, cache read); None where the database has none


def database_mark() -> str:
    """The installed genai-prices data file's path, size and mtime ("" when it is not installed)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("genai_prices")
    except (ImportError, ValueError):
        return ""
    if spec is None or not spec.origin:
        return ""
    data = os.path.join(os.path.dirname(spec.origin), "data.py")
    try:
        st = os.stat(data)
    except OSError:
        return ""
    return f"{data}|{st.st_size}|{st.st_mtime_ns}"


def _rates_file() -> str:
    """Where the rates found are kept."""
    return os.path.join(cache_path(), f"genai-rates-v{RATES_VERSION}.marshal")


class GenaiRates:
    """Rates per model id: from the saved file, else from genai-prices (then saved)."""

    def __init__(self) -> None:
        self.mark = database_mark()
        self.rates: dict[str, Rates | None] = {}
        self._dirty = False
        if not self.mark:
            return
        try:
            with open(_rates_file(), "rb") as handle:
                saved = marshal.loads(handle.read())
            if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == self.mark and isinstance(saved[1], dict):
                self.rates = saved[1]
        except (OSError, EOFError, ValueError, TypeError):
            pass

    def get(self, model: str) -> Rates | None:
        """The model's rates in USD per million tokens, or None when genai-prices does not know it."""
        if not self.mark:
            return None
        if model not in self.rates:
            self.rates[model] = _look_up(model)
            self._dirty = True
            self.save()
        return self.rates[model]

    def save(self) -> None:
        """Keep the rates for the next run (a failure only means looking up again)."""
        if not self._dirty:
            return
        path = _rates_file()
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            with open(tmp, "wb") as handle:
                handle.write(marshal.dumps((self.mark, self.rates)))
            os.replace(tmp, path)
            self._dirty = False
        except OSError:
            pass


def _number(value: object) -> float | None:
    """A price (a Decimal, or tiered prices: their base) as a float."""
    if value is None:
        return None
    base = getattr(value, "base", value)
    try:
        return float(base)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _look_up(model: str) -> Rates | None:
    """Ask genai-prices (imported here only) for the model's current prices."""
    import datetime as dt

    try:
        from genai_prices import data_snapshot

        _, info = data_snapshot.get_snapshot().find_provider_model(model, None, None, None)
        prices = info.get_prices(dt.datetime.now(dt.timezone.utc))
    except Exception:  # unknown model, or a database it cannot read: the shipped table decides
        return None
    values = tuple(_number(getattr(prices, key, None)) for key in _KEYS)
    return values if values[0] is not None else None
