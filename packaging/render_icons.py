"""Render tray_app/assets/hackatime-tray.svg to the PNG sizes we ship.

Run it after editing the SVG, then commit the PNGs. It needs CairoSVG,
which the app itself does not, so use a throwaway venv::

    python3 -m venv /tmp/icons-venv
    /tmp/icons-venv/bin/pip install cairosvg pillow
    /tmp/icons-venv/bin/python packaging/render_icons.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import cairosvg  # type: ignore[import-not-found]
from PIL import Image

ASSETS = Path(__file__).resolve().parent.parent / "tray_app" / "assets"
SOURCE = ASSETS / "hackatime-tray.svg"
#: The hicolor theme sizes (freedesktop icon theme spec) plus 256 for docks.
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def render(size: int) -> Path:
    """Render the SVG at one size and save it as an optimised RGBA PNG."""
    png = cairosvg.svg2png(
        url=str(SOURCE), output_width=size, output_height=size
    )
    image = Image.open(io.BytesIO(png)).convert("RGBA")

    target = ASSETS / f"hackatime-tray-{size}.png"
    image.save(target, optimize=True)
    return target


def main() -> int:
    """Render every size and list what was written."""
    for size in SIZES:
        print(render(size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
