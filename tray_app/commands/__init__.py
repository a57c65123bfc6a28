"""One module per command of ``hackatime-tray``; ``cli`` wires them."""
