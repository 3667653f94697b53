"""`make bench`: every benchmark, each printing its figures next to a baseline measured in the same run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["ingest.py", "names.py", "linkage.py", "screening.py", "signing.py", "web.py"]

if __name__ == "__main__":
    for bench in BENCHES:
        print(f"== {bench} ==", flush=True)
        subprocess.run([sys.executable, str(HERE / bench), *sys.argv[1:]], check=True, env=os.environ)
