"""The direct usage scan (`mso usage --claude-dir/--codex-dir`): no database, cached per file.

Two caches in locations.cache_dir(): per-file entries keyed by (path, size, mtime, inode), so only
changed files are re-read, and a summary keyed by the fingerprint of the whole tree, so a second
run on unchanged data reads no transcript at all and only stats the files.
"""
from __future__ import annotations

import marshal
import os
import time
from pathlib import Path

# typing and the readers are imported for type checkers only: the readers bring orjson (and with it
# dataclasses), ~25 ms that a warm run, which reads no transcript, never needs
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Iterable

    from mso_tui.usage_files import FileData

CACHE_VERSION = 2
PARALLEL_MIN_BYTES = 48 * 1024 * 1024  # below this, starting workers costs more than it saves
# (kind, path, size, mtime_ns, inode)
FileStat = tuple[str, str, int, int, int]
# summary rows: (session, project, day, model, input, output, cache write, cache read, cost or None)
Fine = tuple[str, str, str, str, int, int, int, int, float | None]


class ScanStats:
    """What a scan did: how many files it found, read and took from the cache, and how long it took."""

    # a plain class, not a dataclass: importing dataclasses costs a warm run ~15 ms of its ~100
    __slots__ = ("files", "bytes", "files_read", "files_cached", "summary_cached", "seconds")

    def __init__(self, files: int = 0, bytes: int = 0) -> None:
        self.files, self.bytes = files, bytes
        self.files_read = self.files_cached = 0
        self.summary_cached = False
        self.seconds = 0.0


def claude_root(directory: Path) -> Path:
    """The projects/ folder of a Claude config dir (or the dir itself when it is one)."""
    inner = directory / "projects"
    return inner if inner.is_dir() else directory


def codex_roots(directory: Path) -> list[Path]:
    """sessions/ and archived_sessions/ of a Codex home (or the dir itself when it is a sessions dir)."""
    found = [directory / n for n in ("sessions", "archived_sessions") if (directory / n).is_dir()]
    return found or [directory]


def list_files(kind: str, roots: Iterable[Path]) -> list[FileStat]:
    """Every .jsonl under the roots with its size, mtime and inode, sorted by path."""
    out: list[FileStat] = []
    stack = [str(r) for r in roots]
    while stack:  # scandir: one syscall per entry, no path objects (this is most of a warm run)
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith(".jsonl"):
                    st = entry.stat()
                    out.append((kind, entry.path, st.st_size, st.st_mtime_ns, st.st_ino))
            except OSError:
                continue  # removed while we walked
    out.sort(key=lambda f: f[1])
    return out


def _read_one(item: tuple[str, str]) -> FileData:
    """Read one file of either kind (a top-level function so worker processes can run it)."""
    from mso_tui.usage_files import read_claude, read_codex

    kind, path = item
    stem = Path(path).stem
    try:
        return read_claude(path, stem) if kind == "claude" else read_codex(path, stem)
    except OSError:
        return "", stem, "", []


def read_files(items: list[tuple[str, str]], total_bytes: int, workers: int | None = None) -> list[FileData]:
    """Read files, over several processes when there is enough data to pay for them."""
    cpus = os.cpu_count() or 1
    workers = workers if workers is not None else (min(cpus, 4) if total_bytes >= PARALLEL_MIN_BYTES else 1)
    if workers <= 1 or len(items) < 2:
        return [_read_one(i) for i in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # imported here: a warm run never needs it

    ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        return list(pool.map(_read_one, items, chunksize=chunk))


class ScanCache:
    """The two cache files: per-file entries and the last whole-tree summary."""

    def __init__(self, directory: Path) -> None:
        self.files_path = directory / f"usage-files-v{CACHE_VERSION}.marshal"
        self.summary_path = directory / f"usage-summary-v{CACHE_VERSION}.marshal"

    @staticmethod
    def _load(path: Path) -> object:
        """A marshalled value, or None when missing or unreadable (a cache is never an error)."""
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None

    @staticmethod
    def _save(path: Path, value: object) -> None:
        """Write atomically so a killed run never leaves a torn cache."""
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        try:
            tmp.write_bytes(marshal.dumps(value))
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)

    def load_summary(self, fingerprint: str) -> tuple[list[Fine], list[str]] | None:
        """The summary rows and unpriced models when the fingerprint matches."""
        value = self._load(self.summary_path)
        if isinstance(value, tuple) and len(value) == 3 and value[0] == fingerprint:
            return value[1], value[2]
        return None

    def save_summary(self, fingerprint: str, rows: list[Fine], unpriced: list[str]) -> None:
        """Remember the summary of this exact tree."""
        self._save(self.summary_path, (fingerprint, rows, unpriced))

    def load_files(self) -> dict[str, tuple[int, int, int, FileData]]:
        """Per-file entries by path with the (size, mtime_ns, inode) they were read at."""
        value = self._load(self.files_path)
        return value if isinstance(value, dict) else {}

    def save_files(self, files: dict[str, tuple[int, int, int, FileData]]) -> None:
        """Remember per-file entries."""
        self._save(self.files_path, files)


def fingerprint(stats: list[FileStat], salt: str) -> str:
    """A digest of every file's identity plus what else changes the result (prices, time zone)."""
    try:  # the builtin module: hashlib would first load OpenSSL's (~4 ms of a ~100 ms warm run)
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b
    digest = blake2b(salt.encode(), digest_size=20)
    digest.update(marshal.dumps(stats))
    return digest.hexdigest()


def day_function() -> Callable[[str], str]:
    """UTC minute -> local YYYY-MM-DD (ccusage groups days in the local time zone)."""
    import datetime as dt

    utc_here = time.localtime().tm_gmtoff == 0 and time.daylight == 0

    def day(minute: str) -> str:
        if utc_here:
            return minute[:10]
        parsed = dt.datetime.fromisoformat(minute).replace(tzinfo=dt.timezone.utc)
        return parsed.astimezone().strftime("%Y-%m-%d")

    return day


def merge(files: list[FileData], day: Callable[[str], str]) -> tuple[list[Fine], list[str]]:
    """De-duplicate across files (earliest file first, as ccusage does) and price per fine row."""
    from mso_tui.pricing import PriceTable, default_table

    table: PriceTable = default_table()
    seen: set[str] = set()
    groups: dict[tuple[str, str, str, str], list] = {}
    days: dict[str, str] = {}
    for earliest, session, project, entries in sorted(files, key=lambda f: (f[0] == "", f[0])):
        for key, ts, model, inp, out, cw, cr, cw1h, stated in entries:
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            d = days.get(ts)
            if d is None:
                d = days[ts] = day(ts)
            acc = groups.get((session, project, d, model))
            if acc is None:
                acc = groups[(session, project, d, model)] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0]
            acc[0] += inp; acc[1] += out; acc[2] += cw; acc[3] += cr
            if stated is not None:
                acc[9] += stated
            else:  # tokens still to price with the table
                acc[4] += inp; acc[5] += out; acc[6] += cw; acc[7] += cr; acc[8] += cw1h
    rows: list[Fine] = []
    unpriced: set[str] = set()
    for (session, project, d, model), a in groups.items():
        cost: float | None = a[9]
        if a[4] or a[5] or a[6] or a[7]:
            price = table.lookup(model)
            if price is None:
                unpriced.add(model or "(no model)")
                cost = a[9] if a[9] else None
            else:
                cost = a[9] + (a[4] * price.input + a[5] * price.output + (a[6] - a[8]) * price.cache_write_5m
                               + a[8] * price.cache_write_1h + a[7] * price.cache_read) / 1_000_000
        rows.append((session, project, d, model, a[0], a[1], a[2], a[3], cost))
    return rows, sorted(unpriced)


def _price_salt() -> str:
    """What besides the files changes the summary: the price files (shipped, config) and the time zone.

    Their sizes and mtimes stand for their content, so a warm run need not load the price table.
    """
    from mso_tui.locations import config_file

    marks = []
    for path in (Path(__file__).parent / "data" / "prices.json", config_file()):
        try:
            st = path.stat()
            marks.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            marks.append((str(path), -1, -1))
    return f"{CACHE_VERSION}|{marks}|{time.localtime().tm_gmtoff}|{time.tzname}"


def list_tree(claude_dirs: Iterable[Path] = (), codex_dirs: Iterable[Path] = ()) -> tuple[list[FileStat], str]:
    """Every transcript file of the folders, and the fingerprint of that exact tree (and prices)."""
    stats_list = list_files("claude", [claude_root(Path(d)) for d in claude_dirs])
    stats_list += list_files("codex", [r for d in codex_dirs for r in codex_roots(Path(d))])
    return stats_list, fingerprint(stats_list, _price_salt())


def output_cache_path() -> Path:
    """Where `mso usage` keeps the text it printed for a tree fingerprint and its options."""
    from mso_tui.locations import cache_dir

    return cache_dir() / f"usage-output-v{CACHE_VERSION}.marshal"


def scan(claude_dirs: Iterable[Path] = (), codex_dirs: Iterable[Path] = (), use_cache: bool = True,
         workers: int | None = None, listed: tuple[list[FileStat], str] | None = None,
         ) -> tuple[list[Fine], list[str], ScanStats]:
    """Fine usage rows and unpriced models of the given agent folders, reading only what changed."""
    from mso_tui.locations import cache_dir

    started = time.perf_counter()
    stats_list, print_key = listed or list_tree(claude_dirs, codex_dirs)
    stats = ScanStats(files=len(stats_list), bytes=sum(s[2] for s in stats_list))
    cache = ScanCache(cache_dir()) if use_cache else None
    if cache is not None:
        hit = cache.load_summary(print_key)
        if hit is not None:
            stats.summary_cached, stats.files_cached = True, len(stats_list)
            stats.seconds = time.perf_counter() - started
            return [tuple(r) for r in hit[0]], list(hit[1]), stats
    known = cache.load_files() if cache is not None else {}
    fresh: dict[str, tuple[int, int, int, FileData]] = {}
    todo: list[FileStat] = []
    for st in stats_list:
        old = known.get(st[1])
        if old is not None and tuple(old[:3]) == st[2:]:
            fresh[st[1]] = old
        else:
            todo.append(st)
    results = read_files([(s[0], s[1]) for s in todo], sum(s[2] for s in todo), workers)
    for st, data in zip(todo, results):
        fresh[st[1]] = (st[2], st[3], st[4], data)
    stats.files_read, stats.files_cached = len(todo), len(stats_list) - len(todo)
    rows, unpriced = merge([v[3] for v in fresh.values()], day_function())
    if cache is not None:
        if todo or len(fresh) != len(known):
            cache.save_files(fresh)
        cache.save_summary(print_key, rows, unpriced)
    stats.seconds = time.perf_counter() - started
    return rows, unpriced, stats
