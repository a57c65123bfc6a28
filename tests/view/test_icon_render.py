"""The rendered tray icon, measured from its pixels at every tray size."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from PIL import Image

from tray_app.icon import (
    design_scale,
    palette_for,
    render_app_icon,
    render_icon,
)
from tray_app.icon_model import (
    ERROR_TEXT,
    LOADING_TEXT,
    NO_KEY_TEXT,
    IconLook,
    IconView,
)

#: Real tray sizes at 1x and their 2x counterparts.
SIZES = (16, 22, 24, 32, 44, 48, 64)

LOOK_VIEWS = {
    IconLook.LOADING: IconView(LOADING_TEXT, IconLook.LOADING),
    IconLook.FRESH: IconView("1:23", IconLook.FRESH),
    IconLook.STALE: IconView("1:23", IconLook.STALE),
    IconLook.NO_KEY: IconView(NO_KEY_TEXT, IconLook.NO_KEY),
    IconLook.ERROR: IconView(ERROR_TEXT, IconLook.ERROR),
}

#: Every look, plus the goal variants of the looks that show a value.
VIEWS = (
    *LOOK_VIEWS.values(),
    IconView("0:45", IconLook.FRESH, 0.3),
    IconView("8:09", IconLook.FRESH, 0.8),
    IconView("2:05", IconLook.FRESH, 1.0, True),
    IconView("12h", IconLook.FRESH),
    IconView("4:56", IconLook.STALE, 0.7),
    IconView("3:07", IconLook.STALE, 1.0, True),
)

CASES = list(itertools.product(VIEWS, SIZES))
DIGIT_CASES = [(view, size) for view, size in CASES if view.text[0].isdigit()]
SYMBOL_CASES = [case for case in CASES if case not in DIGIT_CASES]


def _case_id(value: object) -> str:
    if isinstance(value, IconView):
        return f"{value.look}-{value.text}-{value.goal_fraction}"
    return str(value)


RGB = tuple[int, int, int]


def _rgb_pixels(image: Image.Image) -> list[list[RGB]]:
    """The image's RGB pixels as rows (tobytes works on every Pillow)."""
    raw = image.convert("RGB").tobytes()
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]
    width = image.width
    return [pixels[y * width : (y + 1) * width] for y in range(image.height)]


def _text_box(image: Image.Image, colour: RGB) -> tuple[int, int, int, int]:
    """Left, top, right, bottom (inclusive) of the pixels in ``colour``."""
    rows = _rgb_pixels(image)
    points = [
        (x, y)
        for y, row in enumerate(rows)
        for x, pixel in enumerate(row)
        if pixel == colour
    ]
    assert points, "no pixel in the text colour"
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _surrounding_colour(image: Image.Image, colour: RGB) -> RGB:
    """The commonest colour that is not text, in the text box plus 1 px."""
    left, top, right, bottom = _text_box(image, colour)
    rows = _rgb_pixels(image)
    around: Counter[RGB] = Counter()
    for y in range(max(0, top - 1), min(image.height, bottom + 2)):
        for x in range(max(0, left - 1), min(image.width, right + 2)):
            if rows[y][x] != colour:
                around[rows[y][x]] += 1
    return around.most_common(1)[0][0]


def _luminance(colour: RGB) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(first: RGB, second: RGB) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _count(image: Image.Image, colour: RGB) -> int:
    return sum(row.count(colour) for row in _rgb_pixels(image))


@pytest.mark.parametrize(("view", "size"), CASES, ids=_case_id)
def test_icon_is_an_rgba_square_of_the_asked_size(
    view: IconView, size: int
) -> None:
    """Every look renders as an RGBA image of exactly size x size."""
    image = render_icon(view, size)

    assert image.mode == "RGBA"
    assert image.size == (size, size)


@pytest.mark.parametrize(("view", "size"), CASES, ids=_case_id)
def test_text_lies_inside_the_icon_with_a_margin(
    view: IconView, size: int
) -> None:
    """The glyph pixels keep at least one pixel from every edge."""
    image = render_icon(view, size)

    left, top, right, bottom = _text_box(image, palette_for(view).text)

    assert left >= 1 and top >= 1
    assert right <= size - 2 and bottom <= size - 2


@pytest.mark.parametrize(("view", "size"), DIGIT_CASES, ids=_case_id)
def test_digits_are_at_least_seven_sixteenths_of_the_icon_tall(
    view: IconView, size: int
) -> None:
    """Times are drawn big: 7 px tall at 16 px and in proportion above."""
    image = render_icon(view, size)

    _, top, _, bottom = _text_box(image, palette_for(view).text)

    assert bottom - top + 1 >= 7 * size // 16


@pytest.mark.parametrize(("view", "size"), SYMBOL_CASES, ids=_case_id)
def test_symbols_span_at_least_half_the_icon(
    view: IconView, size: int
) -> None:
    """The loading dots, key and "!" are as wide or tall as half the icon."""
    image = render_icon(view, size)

    left, top, right, bottom = _text_box(image, palette_for(view).text)

    assert max(right - left + 1, bottom - top + 1) >= size // 2


@pytest.mark.parametrize(("view", "size"), CASES, ids=_case_id)
def test_text_contrasts_strongly_with_the_background_around_it(
    view: IconView, size: int
) -> None:
    """Glyphs and the pixels around them differ by WCAG contrast >= 4.5."""
    image = render_icon(view, size)
    text = palette_for(view).text

    background = _surrounding_colour(image, text)

    assert background == palette_for(view).background
    assert _contrast(text, background) >= 4.5


@pytest.mark.parametrize(("view", "size"), CASES, ids=_case_id)
def test_background_is_opaque_except_at_the_rounded_corners(
    view: IconView, size: int
) -> None:
    """Only corner pixels may be transparent (xorg paints alpha black)."""
    image = render_icon(view, size)
    alpha = image.getchannel("A").tobytes()
    corner = size // 4

    for y in range(size):
        for x in range(size):
            near_corner = (
                min(x, size - 1 - x) < corner and min(y, size - 1 - y) < corner
            )
            if not near_corner:
                assert alpha[y * size + x] == 255


@pytest.mark.parametrize("size", SIZES)
def test_every_look_differs_from_every_other(size: int) -> None:
    """No two looks render the same pixels at any size."""
    images = {
        look: render_icon(view, size) for look, view in LOOK_VIEWS.items()
    }

    for first, second in itertools.combinations(images, 2):
        assert images[first].tobytes() != images[second].tobytes(), (
            first,
            second,
        )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("look", [IconLook.FRESH, IconLook.STALE])
def test_two_different_times_draw_different_pixels(
    size: int, look: IconLook
) -> None:
    """Each minute of change shows: 1:23 and 1:24 look different."""
    first = render_icon(IconView("1:23", look), size)
    second = render_icon(IconView("1:24", look), size)

    assert first.tobytes() != second.tobytes()


@pytest.mark.parametrize("size", SIZES)
def test_goal_bar_grows_with_the_goal_fraction(size: int) -> None:
    """At 80 % the goal bar has more filled pixels than at 30 %."""
    low = IconView("1:00", IconLook.FRESH, 0.3)
    high = IconView("1:00", IconLook.FRESH, 0.8)
    fill = palette_for(low).fill

    low_pixels = _count(render_icon(low, size), fill)
    high_pixels = _count(render_icon(high, size), fill)

    assert 0 < low_pixels < high_pixels


@pytest.mark.parametrize("size", SIZES)
def test_complete_goal_looks_unlike_a_full_open_bar(size: int) -> None:
    """A reached goal is drawn differently from any open goal, even 100 %."""
    complete = render_icon(IconView("2:00", IconLook.FRESH, 1.0, True), size)
    full = render_icon(IconView("2:00", IconLook.FRESH, 1.0, False), size)
    high = render_icon(IconView("2:00", IconLook.FRESH, 0.8), size)

    assert complete.tobytes() != full.tobytes()
    assert complete.tobytes() != high.tobytes()


@pytest.mark.parametrize("size", [32, 44, 48, 64])
def test_double_sizes_are_the_half_size_design_scaled_exactly(
    size: int,
) -> None:
    """A 2x icon is its 1x icon with every pixel doubled, so none blur."""
    base, factor = design_scale(size)
    view = IconView("8:09", IconLook.FRESH, 0.8)

    big = render_icon(view, size)
    small = render_icon(view, base)

    assert factor > 1
    scaled = small.resize((size, size), Image.Resampling.NEAREST)
    assert big.tobytes() == scaled.tobytes()


def test_equal_views_give_the_same_cached_image() -> None:
    """Rendering an equal view again returns the very same image object."""
    first = render_icon(IconView("3:33", IconLook.FRESH, 0.5), 24)
    second = render_icon(IconView("3:33", IconLook.FRESH, 0.5), 24)

    assert first is second


@pytest.mark.parametrize("size", [17, 20, 30, 100, 256])
def test_odd_and_large_sizes_render_with_text_inside(size: int) -> None:
    """Sizes between the usual ones still draw the text with a margin."""
    view = IconView("9:59", IconLook.FRESH, 0.5)
    image = render_icon(view, size)

    left, top, right, bottom = _text_box(image, palette_for(view).text)

    assert image.size == (size, size)
    assert left >= 1 and top >= 1
    assert right <= size - 2 and bottom <= size - 2


def test_characters_without_a_glyph_still_render() -> None:
    """Unexpected text draws placeholders instead of failing."""
    view = IconView("x€", IconLook.FRESH)

    image = render_icon(view, 16)

    assert _count(image, palette_for(view).text) > 0


@pytest.mark.parametrize("size", [16, 22, 24, 32, 48, 64, 128, 256])
def test_app_icon_is_the_red_tile_with_a_white_clock(size: int) -> None:
    """The logo is an RGBA square, mostly Hack Club red, with white strokes."""
    image = render_app_icon(size)
    alpha = image.getchannel("A").tobytes()
    pixels = [
        pixel
        for pixel, opacity in zip(
            (p for row in _rgb_pixels(image) for p in row), alpha, strict=True
        )
        if opacity == 255
    ]

    reddish = [p for p in pixels if p[0] > 200 and p[1] < 120 and p[2] < 140]
    white = [p for p in pixels if min(p) > 230]
    assert image.mode == "RGBA"
    assert image.size == (size, size)
    assert len(reddish) > size * size // 4
    assert len(white) > size * size // 10
