"""The bundle's windowed program, internkontroll-gui (PyInstaller's entry script)."""

import sys

from internkontroll.app import main

sys.exit(main())
