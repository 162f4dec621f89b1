"""The bundle's console program, internkontroll (PyInstaller's entry script)."""

import sys

from internkontroll.cli import main

sys.exit(main())
