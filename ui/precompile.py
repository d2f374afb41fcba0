"""First start of a fresh clone: the project's bytecode compiled in a child process, beside the server's own imports.

A fresh clone has no ``__pycache__``: the first ``streamlit run`` compiles every module of the project it imports
(about 100 modules, 1.1 MB of source: 0.3-0.4 s of CPU) on the thread that then builds the warehouse and runs the
first page, so the compile sits on the way to the first chart (docs/performance.md, "h27cold (sixth round)").
:func:`start` runs ``python -m compileall`` on the project's packages in a child process, once per server process,
at the top of the first script run: while the server imports pandas, DuckDB and pydeck (already compiled, in
site-packages), the child writes the project's ``.pyc`` files, and the server's imports of the data layer a second
later read them instead of compiling. Nothing else changes: the same files Python would write on its own
(``__pycache__``, ignored by git), written atomically, so an import racing the child is safe either way. Not done
when Python is told not to write bytecode (``PYTHONDONTWRITEBYTECODE``, ``-B``); a later start with the files
up to date costs the child a stat per file.

Light on purpose: imported by dashboard.py before anything of the project that is slow to compile.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# in the order the first start's data layer imports them (ui.data imports etl.build first). Not pages/: Streamlit
# compiles a page's file itself on every run (its own script cache), it never imports it.
PACKAGES = ("ui", "etl", "indicators")

_lock = threading.Lock()
_started = False


def command() -> list[str]:
    """The child's command line: ``compileall`` quiet, on the packages (recursively; a file whose ``.pyc`` is up to
    date is skipped), writing the timestamp-checked files an import writes (compileall would write hash-checked ones
    where ``SOURCE_DATE_EPOCH`` is set, which every import then hashes again)."""
    return [sys.executable, "-m", "compileall", "-q", "--invalidation-mode", "timestamp", *PACKAGES]


def start() -> bool:
    """Start the compile child once per process (True when started now). Never raises: without it the imports
    compile as before."""
    global _started
    if sys.dont_write_bytecode:
        return False
    with _lock:
        if _started:
            return False
        _started = True
    try:
        child = subprocess.Popen(
            command(),
            cwd=str(ROOT),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    threading.Thread(target=child.wait, name="precompile-wait", daemon=True).start()  # reaped when it ends
    return True
