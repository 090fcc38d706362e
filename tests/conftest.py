"""Shared pytest set-up for Sanctions Workbench."""

import os

# --- Qt platform ------------------------------------------------------------------
# Tests draw no window on a screen: Qt's "offscreen" platform needs no display, so they
# run the same on a desktop, over ssh and in CI. Set before anything imports Qt; a
# QT_QPA_PLATFORM already set by the caller (e.g. "xcb" to watch a test) wins.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
