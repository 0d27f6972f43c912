#!/usr/bin/env python3
"""A faithful Python implementation of shared/spec/cache-system.md, used by the engine's interop tests.

It is the reference the TypeScript engine must be file-compatible with: one `<cache_dir>/<key>.json` per key,
written as compact JSON `{"timestamp": <unix seconds>, "data": <value>}` through a temp file and os.replace.
Beyond the spec (both harmless to the spec's callers): an optional per-entry `ttl` field, honoured on read, and
an injectable clock so tests can agree on "now".

CLI (exit 0 on success; `get` exits 1 on a miss; StorageError exits 2):
    python3 cache.py --dir D [--cache-ttl N] [--now T] set KEY JSON [--ttl N] [--timestamp T]
    python3 cache.py --dir D get KEY            # prints the value as compact JSON
    python3 cache.py --dir D cleanup            # prints {"removed": n}
    python3 cache.py --dir D clear
    python3 cache.py --dir D list               # one JSON object per line: key, timestamp, expired
    python3 cache.py batch                      # each stdin line a JSON argv list (as above, --dir included);
                                                # answers one line {"status": n, "stdout": "..."} per command
"""
import argparse
import contextlib
import io
import json
import os
import secrets
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, Optional


class StorageError(Exception):
    """Raised when a cache operation fails."""


class Cache:
    def __init__(self, cache_dir: Path = None, ttl: int = 86400, clock: Callable[[], float] = time.time):
        self.cache_dir = Path(cache_dir) if cache_dir is not None else Path("cache")
        self.ttl = ttl
        self.clock = clock
        self.memory_cache: Dict[str, Dict[str, Any]] = {}
        self.lock = threading.Lock()

    def _path(self, key: str) -> Path:
        return self.cache_dir / f"{key}.json"

    def _expired(self, entry: Dict[str, Any]) -> bool:
        ttl = entry.get("ttl", self.ttl)
        return self.clock() - entry["timestamp"] > ttl

    def get(self, key: str) -> Optional[Any]:
        with self.lock:
            entry = self.memory_cache.get(key)
            if entry is not None:
                if not self._expired(entry):
                    return entry["data"]
                del self.memory_cache[key]
            path = self._path(key)
            if not path.exists():
                return None
            try:
                with open(path, "r", encoding="utf-8") as f:
                    entry = json.load(f)
                if self._expired(entry):
                    return None
                self.memory_cache[key] = entry
                return entry["data"]
            except Exception as e:
                raise StorageError(f"Failed to read cache entry {key}: {e}") from e

    def set(self, key: str, value: Any, ttl: Optional[int] = None, timestamp: Optional[float] = None) -> None:
        entry: Dict[str, Any] = {"timestamp": self.clock() if timestamp is None else timestamp}
        if ttl is not None:
            entry["ttl"] = ttl
        entry["data"] = value
        try:
            text = json.dumps(entry, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise StorageError(f"Value for {key} is not JSON-serializable: {e}") from e
        with self.lock:
            try:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                path = self._path(key)
                temp = self.cache_dir / f".{path.name[:200]}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
                try:
                    with open(temp, "x", encoding="utf-8") as f:
                        f.write(text)
                    os.replace(temp, path)
                except BaseException:
                    temp.unlink(missing_ok=True)
                    raise
                self.memory_cache[key] = entry
            except OSError as e:
                raise StorageError(f"Failed to write cache entry {key}: {e}") from e

    def clear(self) -> None:
        with self.lock:
            self.memory_cache.clear()
            if not self.cache_dir.exists():
                return
            try:
                for path in self.cache_dir.glob("*.json"):
                    path.unlink()
            except OSError as e:
                raise StorageError(f"Failed to clear cache: {e}") from e

    def cleanup(self) -> int:
        """Removes expired entries from memory and disk; returns how many files were removed."""
        removed = 0
        with self.lock:
            for key in [k for k, e in self.memory_cache.items() if self._expired(e)]:
                del self.memory_cache[key]
            if not self.cache_dir.exists():
                return 0
            for path in self.cache_dir.glob("*.json"):
                try:
                    with open(path, "r", encoding="utf-8") as f:
                        entry = json.load(f)
                    if self._expired(entry):
                        path.unlink()
                        removed += 1
                except Exception:
                    # Unreadable files are not ours to judge; leave them.
                    continue
        return removed

    def list(self):
        """(key, timestamp, expired) for every readable entry file."""
        rows = []
        if not self.cache_dir.exists():
            return rows
        for path in sorted(self.cache_dir.glob("*.json")):
            try:
                with open(path, "r", encoding="utf-8") as f:
                    entry = json.load(f)
                rows.append({"key": path.name[: -len(".json")], "timestamp": entry["timestamp"], "expired": self._expired(entry)})
            except Exception:
                continue
        return rows


def batch() -> int:
    """Runs many commands in one interpreter: the tests spawn Python once instead of once per command."""
    for line in sys.stdin:
        if not line.strip():
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main(json.loads(line))
        print(json.dumps({"status": status, "stdout": out.getvalue()}, ensure_ascii=False), flush=True)
    return 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["batch"]:
        return batch()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cache-ttl", type=float, default=86400)
    parser.add_argument("--now", type=float, help="the clock, in unix seconds (default: real time)")
    commands = parser.add_subparsers(dest="command", required=True)
    set_parser = commands.add_parser("set")
    set_parser.add_argument("key")
    set_parser.add_argument("json")
    set_parser.add_argument("--ttl", type=json.loads)
    set_parser.add_argument("--timestamp", type=json.loads, help="JSON number: int stays int, float stays float")
    get_parser = commands.add_parser("get")
    get_parser.add_argument("key")
    commands.add_parser("cleanup")
    commands.add_parser("clear")
    commands.add_parser("list")
    args = parser.parse_args(argv)

    clock = (lambda: args.now) if args.now is not None else time.time
    ttl = int(args.cache_ttl) if float(args.cache_ttl).is_integer() else args.cache_ttl
    cache = Cache(Path(args.dir), ttl=ttl, clock=clock)
    try:
        if args.command == "set":
            cache.set(args.key, json.loads(args.json), ttl=args.ttl, timestamp=args.timestamp)
        elif args.command == "get":
            value = cache.get(args.key)
            if value is None:
                return 1
            print(json.dumps(value, separators=(",", ":"), ensure_ascii=False))
        elif args.command == "cleanup":
            print(json.dumps({"removed": cache.cleanup()}))
        elif args.command == "clear":
            cache.clear()
        elif args.command == "list":
            for row in cache.list():
                print(json.dumps(row, ensure_ascii=False))
    except StorageError as e:
        print(f"StorageError: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
