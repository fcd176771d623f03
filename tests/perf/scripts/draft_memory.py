"""Peak memory of drafting one article, in its own process: prints one JSON line.

`before_kib` is the peak after Python and the quiz core are loaded (what any command has);
`peak_kib` the peak after reading and drafting the file given.
"""

import json
import sys
from pathlib import Path


def peak_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


import quiz.core.errors  # noqa: E402,F401 - the floor every command pays

before = peak_kib()
from quiz.core.draft.pipeline import draft_all, shipped_answers  # noqa: E402
from quiz.core.draft.reader import read  # noqa: E402

path = Path(sys.argv[1])
drafts = draft_all(read(path.read_bytes(), path.name), shipped_answers())
print(json.dumps({"before_kib": before, "peak_kib": peak_kib(),
                  "questions": sum(len(d.questions) for d in drafts)}))
