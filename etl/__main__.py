import atexit
import os
import sys

from .cli import main

code = main()
# Python's own shutdown (every module cleared one by one, and the cycle collector run over what pandas,
# pyarrow and DuckDB left: about 70,000 objects) cost 0.1-0.3 s of a rebuild's 1.5 s. The command has closed
# what it opened and written its files; the exit handlers still run and the output is flushed, then the
# process ends with the command's code (docs/performance.md, "h26build (fifth round)").
atexit._run_exitfuncs()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code if isinstance(code, int) else 0 if code is None else 1)  # as sys.exit would
