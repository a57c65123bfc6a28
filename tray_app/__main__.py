"""Allow ``python -m tray_app``."""

from tray_app.cli import main

raise SystemExit(main())
