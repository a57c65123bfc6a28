"""Draw every icon look at every tray size into one PNG, for eyes to judge.

Run ``.venv/bin/python tests/view/icon_sheet.py [out.png]``; the default
output is ``docs/icon-sheet.png``. Each icon is shown at its real size on
a dark and a light strip, and magnified with NEAREST so pixels show.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

from tray_app.icon import render_app_icon, render_icon
from tray_app.icon_model import (
    ERROR_TEXT,
    LOADING_TEXT,
    NO_KEY_TEXT,
    IconLook,
    IconView,
)

SIZES = (16, 22, 24, 32, 44, 48, 64)
MAGNIFY = 4
GAP = 12
LABEL_WIDTH = 150
DARK = (0, 0, 0, 255)
LIGHT = (236, 236, 236, 255)

VIEWS: tuple[tuple[str, IconView], ...] = (
    ("loading", IconView(LOADING_TEXT, IconLook.LOADING)),
    ("fresh 1:23", IconView("1:23", IconLook.FRESH)),
    ("fresh 0:45 goal 30%", IconView("0:45", IconLook.FRESH, 0.3)),
    ("fresh 8:09 goal 80%", IconView("8:09", IconLook.FRESH, 0.8)),
    ("fresh 2:05 goal met", IconView("2:05", IconLook.FRESH, 1.0, True)),
    ("fresh 12h", IconView("12h", IconLook.FRESH)),
    ("stale 4:56 goal 70%", IconView("4:56", IconLook.STALE, 0.7)),
    ("stale 3:07 goal met", IconView("3:07", IconLook.STALE, 1.0, True)),
    ("no key", IconView(NO_KEY_TEXT, IconLook.NO_KEY)),
    ("error", IconView(ERROR_TEXT, IconLook.ERROR)),
)


def contact_sheet() -> Image.Image:
    """Every view in a row, every size in a column, real and magnified."""
    real_strip = sum(SIZES) + GAP * len(SIZES)
    magnified = sum(size * MAGNIFY for size in SIZES) + GAP * len(SIZES)
    row_height = max(SIZES) * MAGNIFY + GAP
    width = LABEL_WIDTH + 2 * real_strip + magnified + GAP
    height = row_height * (len(VIEWS) + 1) + GAP
    sheet = Image.new("RGBA", (width, height), (128, 128, 128, 255))
    draw = ImageDraw.Draw(sheet)

    rows = [
        (label, lambda size, v=view: render_icon(v, size))
        for label, view in VIEWS
    ]
    rows.append(("app icon", render_app_icon))
    for index, (label, render) in enumerate(rows):
        top = GAP + index * row_height
        draw.text((GAP, top + 4), label, fill=(0, 0, 0, 255))
        x = LABEL_WIDTH
        for background in (DARK, LIGHT):
            draw.rectangle(
                (x - 4, top - 4, x + real_strip - 8, top + 68), fill=background
            )
            for size in SIZES:
                image = render(size)
                sheet.alpha_composite(image, (x, top))
                x += size + GAP
        for size in SIZES:
            image = render(size).resize(
                (size * MAGNIFY, size * MAGNIFY), Image.Resampling.NEAREST
            )
            sheet.alpha_composite(image, (x, top))
            x += size * MAGNIFY + GAP
    return sheet


def main() -> int:
    """Write the sheet where the first argument says, or to docs/."""
    default = Path(__file__).resolve().parents[2] / "docs" / "icon-sheet.png"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    contact_sheet().save(target)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
