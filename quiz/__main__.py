"""`python -m quiz`: same as the `quiz` console script."""

import sys

from quiz.cli import main

sys.exit(main())
