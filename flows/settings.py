"""The one place for paths and settings.

Every default can be overridden by an environment variable (``LIANGHUI_*``)
or, for paths, by a CLI option. Prefect's own settings are set here too,
before Prefect is imported, so that no code path writes to ``~/.prefect`` or
sends telemetry.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.errors import LianghuiError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Bumped whenever extraction output may change for the same input; part of
#: the code version recorded in every release manifest.
EXTRACTOR_VERSION = "1"

TABLES = ("documents", "speakers", "statements", "goals", "facts", "warnings")


@dataclass(frozen=True)
class Settings:
    seeds_dir: Path
    data_dir: Path
    prefect_home: Path
    batch_size: int | None  # documents per batch; None: sized to the work (see build.workers.batch_size)
    workers: int | None  # worker processes for extraction; None: one per core
    parallel_threshold: int  # fewer documents than this are processed in-process
    use_cache: bool
    read_ahead: int = 64 << 20  # bytes of input files read for hashing kept for their batches (ingest.files.ReadAhead)
    links_outside: bool = False  # read symbolic links to files outside the seeds folder (refused by default)

    @property
    def releases_dir(self) -> Path:
        return self.data_dir / "releases"

    @property
    def staging_dir(self) -> Path:
        return self.data_dir / ".staging"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / ".lock"

    @property
    def cache_dir(self) -> Path | None:
        return self.data_dir / ".cache" / "extract" if self.use_cache else None

    @property
    def checked_path(self) -> Path:
        """The inputs and code last found to give the latest release's data (``publish.versions.unchanged_since``)."""
        return self.data_dir / ".cache" / "same-data.json"

    @property
    def hash_memo(self) -> Path | None:
        """Remembered hashes of unchanged input files (``ingest.files.HashMemo``)."""
        return self.data_dir / ".cache" / "input-hashes.json" if self.use_cache else None


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/lianghui`` (default ``~/.cache/lianghui``): Prefect's home and
    caches that do not depend on a data folder."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "lianghui"


def _default_prefect_home() -> Path:
    return user_cache_dir() / "prefect"


def load_settings(seeds: Path | str | None = None, data: Path | str | None = None) -> Settings:
    """The settings from the options and the environment; a bad value of a variable is a
    ``LianghuiError`` naming it."""
    env = os.environ
    return Settings(
        seeds_dir=Path(seeds or env.get("LIANGHUI_SEEDS") or "seeds"),
        data_dir=Path(data or env.get("LIANGHUI_DATA") or "data"),
        prefect_home=Path(env.get("PREFECT_HOME") or _default_prefect_home()),
        batch_size=_env_int("LIANGHUI_BATCH_SIZE", None, 1),
        workers=_env_int("LIANGHUI_WORKERS", None, 1),
        parallel_threshold=_env_int("LIANGHUI_PARALLEL_THRESHOLD", 400, 0),
        use_cache=env.get("LIANGHUI_CACHE", "1") != "0",
        read_ahead=_env_int("LIANGHUI_READ_AHEAD_MB", 64, 0) << 20,
        links_outside=env.get("LIANGHUI_LINKS_OUTSIDE", "0") == "1",
    )


def _env_int(name: str, default: int | None, least: int) -> Any:
    """An integer environment variable of at least ``least`` (``default`` when unset or empty)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < least:
        raise LianghuiError(f"{name}={raw!r} is not a whole number of at least {least}")
    return value


PREFECT_DEFAULTS = {
    # the temporary server takes 10-27 s to start on a cold 2-core machine
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_SERVER_LEVEL": "CRITICAL",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "PREFECT_CLI_PROMPT": "false",
}

#: For the temporary server Prefect starts for one run (no ``PREFECT_API_URL``): it keeps
#: the flow run, its task runs and the artifact, but no event log and no automations, which
#: nobody can see or have set up on a server that lives for one run. Measured on a
#: 10,000-document build: the server used 4.1 s of CPU with Prefect's defaults, 1.1-1.3 s
#: with these (task run states are written in batches instead of one at a time; the event
#: persister, which stores every event, and the triggers are off). ``lianghui server`` does
#: not use them: a long-lived server keeps everything.
TEMPORARY_SERVER_DEFAULTS = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_BATCH_SIZE": "100",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
}


def configure_prefect_env(temporary_server: bool = True) -> Path:
    """Set Prefect's environment (only keys the user has not set). Call before
    ``import prefect``. ``temporary_server``: also the settings of a server that
    lives for one run (``TEMPORARY_SERVER_DEFAULTS``); False for a long-lived one.
    Returns PREFECT_HOME."""
    home = Path(os.environ.get("PREFECT_HOME") or _default_prefect_home())
    os.environ["PREFECT_HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    defaults = {**PREFECT_DEFAULTS, **(TEMPORARY_SERVER_DEFAULTS if temporary_server else {})}
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_LOCAL_STORAGE_PATH", str(home / "storage"))
    return home
