"""Pillow's home: an :class:`IconView` drawn as a tray icon, at any size.

The time is drawn with a pixel font defined here, not a TrueType font:
at 16 px an antialiased outline font smears a 3-pixel-wide digit into
grey, while whole pixels stay sharp on every tray. Each glyph is a 3x5
grid (wider for a few symbols) whose stroke is ``unit`` pixels thick; its
"counter" columns may grow wider and its stem rows taller, so the same
design gives 3x7 digits at 16 px and bigger, bolder ones as room allows.

An even size whose half is still a tray size (32, 44, 48, 64) is the
half-size design with every pixel doubled, so a 2x screen shows the same
icon, and a tray that halves our image gets the 1x design back (exactly
with a box filter, within a little ringing with pystray's LANCZOS).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from tray_app.icon_model import IconLook, IconView

logger = logging.getLogger(__name__)

#: The size handed to pystray, which scales it to the tray's slot: twice
#: the 16 px design, so a halving (Windows at 100 %) loses no pixel.
TRAY_ICON_SIZE = 32

#: The smallest size the design is made for; see :func:`design_scale`.
BASE_MIN_SIZE = 16

RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)


@dataclass(frozen=True)
class Palette:
    """The colours of one look; ``text`` is used for nothing but glyphs."""

    background: RGB
    text: RGB
    track: RGB
    fill: RGB


PALETTES: dict[IconLook, Palette] = {
    IconLook.LOADING: Palette(
        background=(0x37, 0x41, 0x51),
        text=(0xD1, 0xD5, 0xDB),
        track=(0x4B, 0x55, 0x63),
        fill=(0x9C, 0xA3, 0xAF),
    ),
    IconLook.FRESH: Palette(
        background=(0x1F, 0x29, 0x37),
        text=WHITE,
        track=(0x4B, 0x55, 0x63),
        fill=(0x38, 0xBD, 0xF8),
    ),
    IconLook.STALE: Palette(
        background=(0x2B, 0x2B, 0x2B),
        text=(0xA8, 0xA8, 0xA8),
        track=(0x45, 0x45, 0x45),
        fill=(0x7A, 0x7A, 0x7A),
    ),
    IconLook.NO_KEY: Palette(
        background=(0x3D, 0x2A, 0x00),
        text=(0xFB, 0xBF, 0x24),
        track=(0x5C, 0x40, 0x08),
        fill=(0xD9, 0x77, 0x06),
    ),
    IconLook.ERROR: Palette(
        background=(0x7F, 0x1D, 0x1D),
        text=WHITE,
        track=(0x99, 0x1B, 0x1B),
        fill=(0xF8, 0x71, 0x71),
    ),
}

#: Looks with the daily goal met: green, bright when fresh, dim when stale.
GOAL_MET_PALETTES: dict[IconLook, Palette] = {
    IconLook.FRESH: Palette(
        background=(0x14, 0x53, 0x2D),
        text=WHITE,
        track=(0x4A, 0xDE, 0x80),
        fill=(0x4A, 0xDE, 0x80),
    ),
    IconLook.STALE: Palette(
        background=(0x25, 0x33, 0x29),
        text=(0xA8, 0xA8, 0xA8),
        track=(0x5E, 0x82, 0x69),
        fill=(0x5E, 0x82, 0x69),
    ),
}


def palette_for(view: IconView) -> Palette:
    """The colours a view is drawn in."""
    if view.goal_complete and view.look in GOAL_MET_PALETTES:
        return GOAL_MET_PALETTES[view.look]
    return PALETTES[view.look]


# -- the pixel font ---------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    """One character as rows of ``#`` (ink) and ``.`` (paper).

    ``wide_columns`` may grow wider than the stroke and ``tall_rows``
    taller; ``dots`` draws each ink cell as a square dot of stroke size.
    """

    rows: tuple[str, ...]
    wide_columns: tuple[int, ...] = (1,)
    tall_rows: tuple[int, ...] = (1, 3)
    dots: bool = False

    @property
    def columns(self) -> int:
        """How many grid columns the glyph has."""
        return len(self.rows[0])


@dataclass(frozen=True)
class FontMetrics:
    """Sizes in pixels: the stroke, the extra width and the extra height."""

    unit: int
    widen: int = 0
    stretch: int = 0


def _glyph(*rows: str, **options: tuple[int, ...] | bool) -> Glyph:
    return Glyph(rows=rows, **options)  # type: ignore[arg-type]


GLYPHS: dict[str, Glyph] = {
    "0": _glyph("###", "#.#", "#.#", "#.#", "###"),
    "1": _glyph(".#.", "##.", ".#.", ".#.", "###", wide_columns=()),
    "2": _glyph("###", "..#", "###", "#..", "###"),
    "3": _glyph("###", "..#", ".##", "..#", "###"),
    "4": _glyph("#.#", "#.#", "###", "..#", "..#"),
    "5": _glyph("###", "#..", "###", "..#", "###"),
    "6": _glyph("###", "#..", "###", "#.#", "###"),
    "7": _glyph("###", "..#", "..#", "..#", "..#"),
    "8": _glyph("###", "#.#", "###", "#.#", "###"),
    "9": _glyph("###", "#.#", "###", "..#", "###"),
    "h": _glyph("#..", "#..", "###", "#.#", "#.#"),
    "-": _glyph("...", "...", "###", "...", "..."),
    "?": _glyph("###", "..#", ".##", "...", ".#."),
    ":": _glyph(".", "#", ".", "#", ".", wide_columns=(), dots=True),
    "!": _glyph("#", "#", "#", ".", "#", wide_columns=(), tall_rows=(1,)),
    "…": _glyph(
        ".....",
        ".....",
        "#.#.#",
        ".....",
        ".....",
        wide_columns=(),
        dots=True,
    ),
    "\N{KEY}": _glyph(
        ".##....",
        "#..#...",
        "#..####",
        "#..#.##",
        ".##....",
        wide_columns=(),
        tall_rows=(),
    ),
}

GRID_ROWS = 5

#: Digits grow no taller than 7/3 of their width, the 16 px proportion.
MAX_ASPECT = 7 / 3


def glyphs_for(text: str) -> list[Glyph]:
    """The glyphs that draw ``text``; unknown characters become ``?``."""
    return [GLYPHS.get(char, GLYPHS["?"]) for char in text]


def glyph_width(glyph: Glyph, metrics: FontMetrics) -> int:
    """The glyph's width in pixels."""
    widened = metrics.widen * len(glyph.wide_columns)
    return glyph.columns * metrics.unit + widened


def text_width(glyphs: Sequence[Glyph], metrics: FontMetrics) -> int:
    """The width of a run of glyphs, one stroke apart."""
    if not glyphs:
        return 0
    spacing = metrics.unit * (len(glyphs) - 1)
    return sum(glyph_width(glyph, metrics) for glyph in glyphs) + spacing


def fit_text(
    glyphs: Sequence[Glyph], box_width: int, box_height: int
) -> FontMetrics | None:
    """The boldest metrics that fit the glyphs in the box, or None.

    A thicker stroke wins first; then counters widen (up to one stroke)
    into the room left, then stems grow taller, up to :data:`MAX_ASPECT`.
    """
    best = None
    growing = sum(len(glyph.wide_columns) for glyph in glyphs)
    can_stretch = all(glyph.tall_rows for glyph in glyphs)
    for unit in range(1, box_height // GRID_ROWS + 1):
        width = text_width(glyphs, FontMetrics(unit))
        if width > box_width:
            break

        widen = 0
        if growing:
            widen = min(2 * unit, (box_width - width) // growing)

        stretch = 0
        if can_stretch:
            tallest = int(MAX_ASPECT * (3 * unit + widen))
            stretch = max(0, min(box_height, tallest) - GRID_ROWS * unit)
        best = FontMetrics(unit, widen, stretch)
    return best


def _row_heights(glyph: Glyph, metrics: FontMetrics) -> list[int]:
    heights = [metrics.unit] * len(glyph.rows)
    if not glyph.tall_rows:
        return heights

    share, remainder = divmod(metrics.stretch, len(glyph.tall_rows))
    for index, row in enumerate(glyph.tall_rows):
        # Odd pixels go to the lower stems, so middle bars sit a little
        # above centre, as in most type.
        late = index >= len(glyph.tall_rows) - remainder
        heights[row] += share + (1 if late else 0)
    return heights


def _column_widths(glyph: Glyph, metrics: FontMetrics) -> list[int]:
    return [
        metrics.unit + (metrics.widen if column in glyph.wide_columns else 0)
        for column in range(glyph.columns)
    ]


def _starts(lengths: Sequence[int], origin: int) -> list[int]:
    starts = []
    position = origin
    for length in lengths:
        starts.append(position)
        position += length
    return starts


def draw_glyph(
    draw: ImageDraw.ImageDraw,
    glyph: Glyph,
    metrics: FontMetrics,
    origin: tuple[int, int],
    colour: RGB,
) -> None:
    """Draw one glyph with its top-left corner at ``origin``."""
    widths = _column_widths(glyph, metrics)
    heights = _row_heights(glyph, metrics)
    xs = _starts(widths, origin[0])
    ys = _starts(heights, origin[1])
    middle_row = len(glyph.rows) // 2

    for row, line in enumerate(glyph.rows):
        for column, cell in enumerate(line):
            if cell != "#":
                continue
            left, top = xs[column], ys[row]
            width, height = widths[column], heights[row]
            if glyph.dots:
                # A dot keeps the stroke size and leans towards the middle
                # row, so the two dots of a colon stay close together.
                spare_x = width - metrics.unit
                spare_y = height - metrics.unit
                left += spare_x // 2
                top += (spare_y + 1) // 2 if row < middle_row else spare_y // 2
                width = height = metrics.unit
            draw.rectangle(
                (left, top, left + width - 1, top + height - 1), fill=colour
            )


# -- the icon -------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels: left, top, width, height."""

    left: int
    top: int
    width: int
    height: int


@dataclass(frozen=True)
class IconLayout:
    """Where the parts of a tray icon go at one size."""

    size: int
    radius: int
    text: Box
    bar: Box | None


def icon_layout(size: int, *, with_bar: bool) -> IconLayout:
    """The tile, text box and goal bar of a ``size`` x ``size`` icon."""
    radius = max(2, round(size / 6))
    side = max(1, size // 16)
    top = max(2, size // 8)
    if not with_bar:
        text = Box(side, top, size - 2 * side, size - 2 * top)
        return IconLayout(size, radius, text, None)

    inset = max(2, size // 8)
    thickness = max(2, size // 10)
    bar = Box(inset, size - inset - thickness, size - 2 * inset, thickness)
    gap = max(1, size // 16)
    text = Box(side, top, size - 2 * side, bar.top - gap - top)
    return IconLayout(size, radius, text, bar)


def design_scale(size: int) -> tuple[int, int]:
    """The size the design is drawn at, and the whole factor to scale it by."""
    base, factor = size, 1
    while base % 2 == 0 and base // 2 >= BASE_MIN_SIZE:
        base //= 2
        factor *= 2
    return base, factor


def render_icon(view: IconView, size: int) -> Image.Image:
    """The tray icon for ``view``: an RGBA ``size`` x ``size`` image.

    Images are cached by (view, size) and shared, so an unchanged view
    gives the same object; callers must not draw on it.
    """
    return _render_icon(view, size)


@functools.lru_cache(maxsize=64)
def _render_icon(view: IconView, size: int) -> Image.Image:
    base, factor = design_scale(size)
    image = _draw_icon(view, base)
    if factor > 1:
        image = image.resize((size, size), Image.Resampling.NEAREST)
    return image


def _draw_icon(view: IconView, size: int) -> Image.Image:
    palette = palette_for(view)
    layout = icon_layout(size, with_bar=view.goal_fraction is not None)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    draw.rounded_rectangle(
        (0, 0, size - 1, size - 1),
        radius=layout.radius,
        fill=palette.background,
    )

    if layout.bar is not None:
        fraction = 1.0 if view.goal_complete else view.goal_fraction or 0.0
        _draw_bar(draw, layout.bar, fraction, palette)

    _draw_text(draw, view.text, layout.text, palette.text)
    return image


def _draw_bar(
    draw: ImageDraw.ImageDraw, bar: Box, fraction: float, palette: Palette
) -> None:
    right = bar.left + bar.width - 1
    bottom = bar.top + bar.height - 1
    draw.rectangle((bar.left, bar.top, right, bottom), fill=palette.track)

    filled = round(max(0.0, min(1.0, fraction)) * bar.width)
    if fraction > 0 and filled == 0:
        filled = 1  # some progress is never drawn as none
    if filled:
        end = bar.left + filled - 1
        draw.rectangle((bar.left, bar.top, end, bottom), fill=palette.fill)


def _draw_text(
    draw: ImageDraw.ImageDraw, text: str, box: Box, colour: RGB
) -> None:
    glyphs = glyphs_for(text)
    metrics = fit_text(glyphs, box.width, box.height)
    while glyphs and metrics is None:
        glyphs = glyphs[:-1]
        metrics = fit_text(glyphs, box.width, box.height)
    if metrics is None:
        logger.debug("No room for %r in a %s px box", text, box)
        return

    height = GRID_ROWS * metrics.unit + metrics.stretch
    x = box.left + (box.width - text_width(glyphs, metrics)) // 2
    y = box.top + (box.height - height) // 2
    for glyph in glyphs:
        draw_glyph(draw, glyph, metrics, (x, y), colour)
        x += glyph_width(glyph, metrics) + metrics.unit


# -- the app logo -----------------------------------------------------------

HACK_CLUB_RED: RGB = (0xEC, 0x37, 0x50)
_SUPERSAMPLE = 4


@functools.lru_cache(maxsize=16)
def render_app_icon(size: int) -> Image.Image:
    """The app logo (no time): the shipped SVG's red tile and white clock.

    Drawn at four times the size and scaled down, for smooth edges. The
    geometry is that of ``assets/hackatime-tray.svg`` on its 256 grid.
    """
    big = size * _SUPERSAMPLE
    scale = big / 256
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def at(value: float) -> int:
        return round(value * scale)

    draw.rounded_rectangle(
        (at(8), at(8), at(248), at(248)), radius=at(56), fill=HACK_CLUB_RED
    )
    stroke = max(1, at(22))
    draw.ellipse(
        (
            at(128 - 78 - 11),
            at(128 - 78 - 11),
            at(128 + 78 + 11),
            at(128 + 78 + 11),
        ),
        outline=WHITE,
        width=stroke,
    )
    hands = [(at(128), at(84)), (at(128), at(128)), (at(162), at(150))]
    draw.line(hands, fill=WHITE, width=stroke, joint="curve")
    for x, y in hands:
        half = stroke / 2
        draw.ellipse((x - half, y - half, x + half, y + half), fill=WHITE)

    return image.resize((size, size), Image.Resampling.LANCZOS)
