import sys

from internkontroll.cli import main

sys.exit(main())
