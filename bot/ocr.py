"""Reading the text in a picture, offline on the CPU: RapidOCR (the PP-OCR models ship inside its
wheel, run by onnxruntime; nothing is downloaded).

Chosen over Debian's Tesseract (chi_sim) on the generated flyers, cards and screenshots of
tests/pictures.py: RapidOCR read every identity of every picture, blurred, rotated or compressed,
where Tesseract lost most of them on small or blurred text (figures in the issue 15 note).

A picture is checked before it is decoded: a known image format, at most PICTURE_BYTES and
MAX_PIXELS (a "decompression bomb" is refused, not read); a phone photo's EXIF turn applied;
the long side brought down to LONG_SIDE. One picture at a time per process, one thread each:
the bot runs this in a worker process (bot/telegram/picture_worker.py) so checks never wait.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.errors import Refusal
from bot.words import picture as words

PICTURE_BYTES = 20 * 1024 * 1024  # Telegram's own cap on a file a bot may download
MAX_PIXELS = 40_000_000  # a 12-megapixel photo is 12,000,000; a long screenshot some 4,000,000
LONG_SIDE = 2400  # pixels: text a phone screenshot holds stays readable
DETECT_SIDE = 960  # the text detector's input: fast, and as accurate on these pictures
FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "GIF", "TIFF")
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff")  # their files
SIDEWAYS = 1.5  # a box this much taller than wide reads a turned picture
SMALLEST_SIDE = 16  # pixels: a thinner strip holds no line of text
LONGEST_RATIO = 40  # a picture longer than this many times its width is cut, not read whole


class NotAPicture(Refusal):
    words = words.NOT_A_PICTURE


class PictureTooLarge(Refusal):
    words = words.TOO_LARGE


class PictureTooManyPixels(Refusal):
    words = words.TOO_MANY_PIXELS


class PictureNotRead(Refusal):
    """The engine could not read this picture (or its reader stopped): try another."""

    words = words.NOT_READ


@dataclass(frozen=True)
class ReadText:
    text: str  # the lines read, top to bottom
    seconds: float
    format: str = ""  # the picture's format (FORMATS)


def read_picture(data: bytes) -> ReadText:
    """The text in a picture (see the module's docstring); NotAPicture, PictureTooLarge or
    PictureTooManyPixels when it is not one Lantian reads, PictureNotRead when it cannot."""
    started = time.perf_counter()
    image, kind = _decoded(data)
    height, width = image.shape[:2]
    if min(height, width) < SMALLEST_SIDE or max(height, width) > LONGEST_RATIO * min(
        height, width
    ):
        return ReadText("", time.perf_counter() - started, kind)
    try:
        lines = _lines(_engine(), image)
    except ImportError:  # the installation is broken (no libGL?): for the maintainers, not a user
        raise
    except Exception as failed:  # the engine's own errors, named by no API: this picture only
        raise PictureNotRead() from failed
    return ReadText("\n".join(lines), time.perf_counter() - started, kind)


def _decoded(data: bytes) -> tuple[Any, str]:
    """The picture as an RGB array, upright, its long side at most LONG_SIDE; and its format."""
    import numpy
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > PICTURE_BYTES:
        raise PictureTooLarge(megabytes=PICTURE_BYTES // (1024 * 1024))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = str(probe.format)
            if kind not in FORMATS:
                raise NotAPicture()
            width, height = probe.size
            if width * height > MAX_PIXELS or width < 1 or height < 1:
                raise PictureTooManyPixels(megapixels=MAX_PIXELS // 1_000_000)
            probe.seek(0)  # the first frame of an animation
            image = ImageOps.exif_transpose(_on_white(probe))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise NotAPicture() from None
    if max(image.size) > LONG_SIDE:
        image.thumbnail((LONG_SIDE, LONG_SIDE))
    return numpy.asarray(image)[:, :, ::-1], kind  # RGB to the BGR order OpenCV models expect


def _on_white(image: Any) -> Any:
    """RGB, a transparent background made white (dropped, it would turn black under the text)."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(
        intra_op_num_threads=1,
        inter_op_num_threads=1,
        det_limit_type="max",
        det_limit_side_len=DETECT_SIDE,
    )


def _lines(engine: Any, image: Any) -> list[str]:
    """The text boxes read, top to bottom. A picture lying on its side (most boxes tall: the
    angle classifier only knows upright and upside down) is read at both quarter turns, and
    the reading the engine is surer of kept."""
    import cv2

    found = _boxes(engine, image, classify=True)
    if found and sum(_tall(box) for box, _, _ in found) > len(found) / 2:
        turns = (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE)
        tries = [_boxes(engine, cv2.rotate(image, turn), classify=False) for turn in turns]
        found = max(tries, key=lambda boxes: sum(float(score) for _, _, score in boxes))
    return [str(text) for _, text, _ in found if str(text).strip()]


def _boxes(engine: Any, image: Any, *, classify: bool) -> list[Any]:
    result, _elapse = engine(image, use_cls=classify)
    return list(result or [])


def _tall(box: Any) -> bool:
    (x0, y0), (x1, y1), _, (x3, y3) = box
    wide = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    high = ((x3 - x0) ** 2 + (y3 - y0) ** 2) ** 0.5
    return bool(high > SIDEWAYS * wide)
