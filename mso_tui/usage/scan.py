"""The direct usage scan (`mso usage --claude-dir/--codex-dir`): no database, cached per file.

Two caches in the cache folder: per-file sums keyed by (path, size, mtime, inode), so only changed
files are re-read, and a summary keyed by the fingerprint of the whole tree, so a second run on
unchanged data reads no transcript at all and only stats the files.
"""
from __future__ import annotations

import os
import time

from mso_tui.locations import cache_path
from mso_tui.usage.tree import CACHE_VERSION, FileStat, list_tree, load, save, time_zone

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable

    from mso_tui.usage.files import FileData

PARALLEL_MIN_BYTES = 16 * 1024 * 1024  # below this, forking costs more than it saves
# summary rows: (session, project, local day, model, input, output, cache write, cache read, cost or None,
# UTC minute)
Fine = tuple[str, str, str, str, int, int, int, int, float | None, str]
# a file read: (kind, path)
Item = tuple[str, str]


class ScanStats:
    """What a scan did: how many files it found, read and took from the cache, and how long it took."""

    # a plain class, not a dataclass: importing dataclasses costs more than a warm run
    __slots__ = ("files", "bytes", "files_read", "files_cached", "summary_cached", "seconds", "problems", "saving")

    def __init__(self, files: int = 0, bytes: int = 0) -> None:
        self.files, self.bytes = files, bytes
        self.problems: list[str] = []  # "path:line: reason": lines not counted, files that could not be read
        self.files_read = self.files_cached = 0
        self.summary_cached = False
        self.seconds = 0.0
        self.saving: Callable[[], None] = _nothing  # waits for the cache files being written (scan(..., later=True))

    def saved(self) -> None:
        """Wait until the caches of this scan are written."""
        self.saving()
        self.saving = _nothing


def _nothing() -> None:
    """Nothing to wait for."""


def day_function() -> Callable[[str], str]:
    """The bucket a record is summed in: its UTC minute itself (local days, zones and blocks follow from it)."""
    return _same


def _same(minute: str) -> str:
    """A UTC minute as its own bucket."""
    return minute


def read_one(item: Item, day: Callable[[str], str] | None = None) -> FileData:
    """Read one file of either kind; an unreadable file counts as empty."""
    from mso_tui.usage import files as usage_files

    kind, path = item
    stem = os.path.splitext(os.path.basename(path))[0]
    day = day or day_function()
    try:
        if kind == "claude":
            return usage_files.read_claude(path, stem, day)
        return usage_files.read_codex(path, stem, day)
    except OSError as exc:
        return "", stem, "", [], [], [f"{path}: cannot read: {exc.strerror or exc}"]


def _shared(files: list[tuple[Item, FileData]], day: Callable[[str], str]) -> dict[str, list]:
    """Sums per path for the files that hold a message id another file holds too, decided together.

    Such files (a resumed session's copied history, a subagent's responses as progress copies in
    its parent) are read again record by record, in merge order, through one Dedup.
    """
    from collections import Counter
    from itertools import chain

    from mso_tui.usage.claude import claude_records
    from mso_tui.usage.dedup import Dedup
    from mso_tui.usage.files import codex_records, sum_records

    ids = [mids for _, (_, _, _, mids, _, _) in files]
    if len(set(chain.from_iterable(ids))) == sum(map(len, ids)):
        return {}  # the usual tree: no id in two files (each file's ids are distinct already), found at C speed
    seen = Counter(chain.from_iterable(ids))
    shared = [item for item, (_, _, _, mids, _, _) in files if any(seen[mid] > 1 for mid in mids)]
    if not shared:
        return {}
    dedup = Dedup()
    for kind, path in shared:
        try:
            read = claude_records if kind == "claude" else codex_records
            _, _, _, records, *_ = read(path, os.path.splitext(os.path.basename(path))[0], day)
        except OSError:
            continue
        for record in records:
            dedup.add((*record, path))  # the path rides along: a survivor counts for its own file
    by_path: dict[str, list] = {path: [] for _, path in shared}
    for record in dedup.counted():
        *_, path = record
        by_path[path].append(record)
    return {path: sum_records(records) for path, records in by_path.items()}


def read_files(items: list[Item], sizes: list[int], workers: int | None = None) -> list[FileData]:
    """Read files, over several processes when there is enough data to pay for them."""
    from mso_tui.usage.fork_map import fork_map

    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if sum(sizes) >= PARALLEL_MIN_BYTES else 1
    day = day_function()
    return fork_map(lambda item: read_one(item, day), items, sizes, workers)


def merge(files: list[tuple[Item, FileData]], day: Callable[[str], str]) -> tuple[list[Fine], list[str]]:
    """Add up the files (earliest first; files sharing responses decided together) and price each fine row."""
    from mso_tui.usage.blocks import Periods
    from mso_tui.usage.pricing import Price, PriceTable, default_table

    periods = Periods()
    local_day, hour_days = periods.day, periods.hours  # the day by the minute's hour where it has one
    table: PriceTable = default_table()
    def earliest_first(file: tuple[Item, FileData]) -> tuple[bool, str, str]:
        (_, path), (earliest, *_) = file
        return earliest == "", earliest, path  # ties: by path, every run alike

    ordered = sorted(files, key=earliest_first)
    decided = _shared(ordered, day)
    # sums of one (session, project) from several files (a resumed session) are added per (minute, model);
    # most pairs have one file, whose sums are already per (minute, model) and are taken as they are
    owners: dict[tuple[str, str], list[list]] = {}
    for (_, path), (_, session, project, _mids, sums, _problems) in ordered:
        owners.setdefault((session, project), []).append(decided.get(path, sums))
    rows: list[Fine] = []
    unpriced: set[str] = set()
    prices: dict[str, Price | None] = {}
    for (session, project), parts in owners.items():
        groups = parts[0] if len(parts) == 1 else _added(parts)
        for d, model, inp, out, write, read, p_in, p_out, p_write, p_read, one_hour, stated in groups:
            cost: float | None = stated
            if p_in or p_out or p_write or p_read:
                price = prices[model] if model in prices else prices.setdefault(model, table.lookup(model))
                if price is None:
                    unpriced.add(model or "(no model)")
                    cost = stated if stated else None
                else:
                    cost = stated + (p_in * price.input + p_out * price.output
                                     + (p_write - one_hour) * price.cache_write_5m
                                     + one_hour * price.cache_write_1h + p_read * price.cache_read) / 1_000_000
            local = hour_days.get(d[:13]) or local_day(d)
            rows.append((session, project, local, model, inp, out, write, read, cost, d))
    return rows, sorted(unpriced)


def _added(parts: list[list]) -> list[tuple]:
    """Several files' sums added per (minute, model), in the order first seen."""
    groups: dict[tuple[str, str], list] = {}
    for sums in parts:
        for d, model, *values in sums:
            acc = groups.get((d, model))
            if acc is None:
                groups[(d, model)] = values
            else:
                groups[(d, model)] = [a + b for a, b in zip(acc, values)]
    return [(d, model, *values) for (d, model), values in groups.items()]


class ScanCache:
    """The two cache files: per-file sums and the last whole-tree summary."""

    def __init__(self, directory: str) -> None:
        self.files_path = os.path.join(directory, f"usage-files-v{CACHE_VERSION}.marshal")
        self.summary_path = os.path.join(directory, f"usage-summary-v{CACHE_VERSION}.marshal")

    def load_summary(self, fingerprint: str) -> tuple[list[Fine], list[str], list[str]] | None:
        """The summary rows, unpriced models and problems when the fingerprint matches."""
        value = load(self.summary_path)
        if isinstance(value, tuple) and len(value) == 4 and value[0] == fingerprint:
            return value[1], value[2], value[3]
        return None

    def save_summary(self, fingerprint: str, rows: list[Fine], unpriced: list[str], problems: list[str]) -> None:
        """Remember the summary of this exact tree."""
        save(self.summary_path, (fingerprint, rows, unpriced, problems))

    def load_files(self) -> dict[str, tuple[int, int, int, FileData]]:
        """Per-file sums by path with the (size, mtime_ns, inode) they were read at (same time zone only)."""
        value = load(self.files_path)
        if isinstance(value, tuple) and len(value) == 2 and value[0] == time_zone() and isinstance(value[1], dict):
            return value[1]
        return {}  # sums are per local day: another time zone means reading again

    def save_files(self, files: dict[str, tuple[int, int, int, FileData]]) -> None:
        """Remember per-file sums (and drop caches an older mso wrote: they are never read again)."""
        save(self.files_path, (time_zone(), files))
        folder = os.path.dirname(self.files_path)
        for version in range(1, CACHE_VERSION):
            for kind in ("files", "summary", "output"):
                try:
                    os.unlink(os.path.join(folder, f"usage-{kind}-v{version}.marshal"))
                except OSError:
                    pass


def scan(claude_dirs: Iterable[os.PathLike | str] = (), codex_dirs: Iterable[os.PathLike | str] = (),
         use_cache: bool = True, workers: int | None = None, listed: tuple[list[FileStat], str] | None = None,
         later: bool = False) -> tuple[list[Fine], list[str], ScanStats]:
    """Fine usage rows and unpriced models of the given agent folders, reading only what changed.

    later: the caches are written by another process while the caller goes on; it calls stats.saved()
    before it ends."""
    import gc

    collecting = gc.isenabled()
    gc.disable()  # ~200k tuples and no cycles: the collector's passes over them are pure cost (~5 % of a read)
    try:
        return _scan(claude_dirs, codex_dirs, use_cache, workers, listed, later)
    finally:
        if collecting:
            gc.enable()


def _scan(claude_dirs: Iterable[os.PathLike | str], codex_dirs: Iterable[os.PathLike | str], use_cache: bool,
          workers: int | None, listed: tuple[list[FileStat], str] | None, later: bool,
          ) -> tuple[list[Fine], list[str], ScanStats]:
    """scan, with the collector off."""
    started = time.perf_counter()
    stats_list, print_key = listed or list_tree([os.fspath(d) for d in claude_dirs], [os.fspath(d) for d in codex_dirs])
    stats = ScanStats(files=len(stats_list), bytes=sum(size for _, _, size, _, _ in stats_list))
    cache = ScanCache(cache_path()) if use_cache else None
    if cache is not None:
        hit = cache.load_summary(print_key)
        if hit is not None:
            stats.summary_cached, stats.files_cached = True, len(stats_list)
            stats.problems = list(hit[2])
            stats.seconds = time.perf_counter() - started
            return [tuple(r) for r in hit[0]], list(hit[1]), stats  # type: ignore[misc]  # rows as saved
    known = cache.load_files() if cache is not None else {}
    fresh: dict[str, tuple[int, int, int, FileData]] = {}
    todo: list[FileStat] = []
    for st in stats_list:
        _, path, size, mtime_ns, inode = st
        old = known.get(path)
        if old is not None and tuple(old[:3]) == (size, mtime_ns, inode):
            fresh[path] = old
        else:
            todo.append(st)
    results = read_files([(kind, path) for kind, path, *_ in todo], [size for _, _, size, _, _ in todo], workers)
    for (_, path, size, mtime_ns, inode), data in zip(todo, results):
        fresh[path] = (size, mtime_ns, inode, data)
    stats.files_read, stats.files_cached = len(todo), len(stats_list) - len(todo)
    kinds = {path: kind for kind, path, *_ in stats_list}
    rows, unpriced = merge([((kinds[p], p), data) for p, (_, _, _, data) in fresh.items()], day_function())
    stats.problems = [line for _, (_, _, _, (*_, problems)) in sorted(fresh.items()) for line in problems]
    if cache is not None:
        def write(files_too: bool = bool(todo or len(fresh) != len(known))) -> None:
            if files_too:
                cache.save_files(fresh)
            cache.save_summary(print_key, rows, unpriced, stats.problems)
        if later:  # ~13 MB marshalled on a cold run: written while the report is made and printed
            from mso_tui.usage.fork_map import background

            stats.saving = background(write)
        else:
            write()
    stats.seconds = time.perf_counter() - started
    return rows, unpriced, stats
