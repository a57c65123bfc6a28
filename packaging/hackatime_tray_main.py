"""PyInstaller's entry script: the same as ``python -m tray_app``.

It lives outside the package on purpose: a script inside ``tray_app/``
would put that folder on the bundle's import path, so its modules could
also be imported as top-level names.
"""

from tray_app.cli import main

raise SystemExit(main())
