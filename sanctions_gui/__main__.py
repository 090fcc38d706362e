"""`python -m sanctions_gui`: the same as the sanctions-workbench command."""

import sys

from .app import main

sys.exit(main())
