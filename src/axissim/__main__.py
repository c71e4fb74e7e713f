"""`python -m axissim` is the `axissim` command."""

import sys

from axissim.cli import main

sys.exit(main())
