"""Pictures as people meet agencies in them, drawn for the tests: a flyer, a business card, a phone
screenshot of a chat, each photographed badly on purpose (turned, blurred, compressed, on a
coloured or graded background). Text in a CJK font from Debian's packages (fonts-noto-cjk, which
scripts/setup_browser.sh installs; else fonts-wqy-microhei)."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = (
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),  # the SC face
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
)
LAYOUTS = ("flyer", "card", "screenshot")
VARIANTS = ("clean", "turned", "sideways", "blurred", "compressed", "coloured")


def font(size: int) -> ImageFont.FreeTypeFont:
    for path, index in FONTS:
        if path.exists():
            return ImageFont.truetype(str(path), size, index=index)
    raise FileNotFoundError("no CJK font: apt-get install fonts-noto-cjk")


def picture(lines: list[str], layout: str = "card", variant: str = "clean", seed: int = 0) -> bytes:
    """`lines` drawn in `layout`, photographed as `variant`; JPEG bytes."""
    rng = random.Random(seed)
    page = {"flyer": _flyer, "card": _card, "screenshot": _screenshot}[layout](lines, variant)
    photo = _variant(page, variant, rng)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=30 if variant == "compressed" else 90)
    return out.getvalue()


def _background(size: tuple[int, int], variant: str) -> Image.Image:
    if variant != "coloured":
        return Image.new("RGB", size, (250, 250, 246))
    top, bottom = (255, 236, 200), (200, 225, 255)
    strip = Image.new("RGB", (1, size[1]))
    for y in range(size[1]):
        t = y / max(1, size[1] - 1)
        strip.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return strip.resize(size)


def _draw(page: Image.Image, lines: list[str], x: int, y: int, sizes: list[int]) -> None:
    pen = ImageDraw.Draw(page)
    for n, line in enumerate(lines):
        size = sizes[min(n, len(sizes) - 1)]
        pen.text((x, y), line, font=font(size), fill=(20, 20, 30) if n else (170, 20, 20))
        y += round(size * 1.6)


def _flyer(lines: list[str], variant: str) -> Image.Image:
    page = _background((1000, 1300), variant)
    _draw(page, lines, 60, 70, [64, 40, 34])
    return page


def _card(lines: list[str], variant: str) -> Image.Image:
    page = _background((1050, 600), variant)
    ImageDraw.Draw(page).rectangle((8, 8, 1041, 591), outline=(120, 120, 120), width=3)
    _draw(page, lines, 50, 40, [36, 30])
    return page


def _screenshot(lines: list[str], variant: str) -> Image.Image:
    """A chat on a phone: a status bar, the shop's messages in bubbles."""
    page = _background((1080, 2400), variant)
    pen = ImageDraw.Draw(page)
    pen.rectangle((0, 0, 1080, 90), fill=(235, 235, 235))
    pen.text((40, 22), "9:41", font=font(40), fill=(0, 0, 0))
    y = 200
    for line in lines:
        width = min(1000, 80 + round(font(40).getlength(line)))
        pen.rounded_rectangle((30, y, 30 + width, y + 100), radius=24, fill=(255, 255, 255))
        pen.text((70, y + 25), line, font=font(40), fill=(20, 20, 20))
        y += 140
    return page


def _variant(page: Image.Image, variant: str, rng: random.Random) -> Image.Image:
    if variant == "turned":
        page = page.rotate(rng.uniform(3, 8) * rng.choice((-1, 1)), expand=True, fillcolor="white")
    elif variant == "sideways":
        page = page.rotate(90, expand=True)
    elif variant == "blurred":
        page = page.filter(ImageFilter.GaussianBlur(1.6))
    if page.height > page.width * 1.6 or variant == "sideways":
        return page  # a screenshot, or a photo held sideways, is sent as it is
    # A photo: the page on a table, smaller than the frame, 1280x960 like a phone's.
    frame = Image.new("RGB", (1280, 960), (110, 100, 90))
    page.thumbnail((1180, 880))
    frame.paste(page, ((1280 - page.width) // 2, (960 - page.height) // 2))
    return frame
