"""Sanctions Workbench: `python main.py [FILE]` opens the window, `python main.py check FILE` etc. run commands."""

import sys

from sanctions_gui.app import main

if __name__ == "__main__":
    sys.exit(main())
