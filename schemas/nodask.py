"""Keep pandera from importing ``dask.dataframe``.

pandera registers a Dask backend whenever ``dask.dataframe`` imports, which costs
seconds in every process once the optional ``dask`` extra is installed. lianghui
validates pandas frames only, so ``keep_pandera_off_dask`` (called before pandera is
imported) makes that import fail fast. ``LIANGHUI_PANDERA_DASK=1`` opts out. Dask's
scheduler and workers, used by ``--runner dask``, do not need ``dask.dataframe``.
"""

import os
import sys


def keep_pandera_off_dask() -> None:
    if os.environ.get("LIANGHUI_PANDERA_DASK") != "1" and "dask.dataframe" not in sys.modules:
        sys.modules["dask.dataframe"] = None  # type: ignore[assignment]
