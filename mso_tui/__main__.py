"""python -m mso_tui runs the mso command."""
import sys

from mso_tui.cli import main

sys.exit(main())
