"""Pictures read in a worker process, a bounded number waiting, so that reading one (a second
or two of CPU) never holds up the checks of everyone else.

The worker is started on the first picture (spawned, not forked: the bot's process holds an
event loop and threads), keeps its OCR engine loaded, and reads one picture at a time; a
refusal (not a picture, too large) comes back as itself.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from bot.errors import Refusal
from bot.ocr import (
    NotAPicture,
    PictureNotRead,
    PictureTooLarge,
    PictureTooManyPixels,
    ReadText,
    read_picture,
)
from bot.words import picture as words

WAITING = 6  # pictures queued for the worker at most; beyond, "busy, try again shortly"
_REFUSALS: dict[str, type[Refusal]] = {
    kind.__name__: kind
    for kind in (NotAPicture, PictureTooLarge, PictureTooManyPixels, PictureNotRead)
}


class PicturesBusy(Refusal):
    words = words.BUSY


class PictureReader:
    def __init__(self, waiting: int = WAITING) -> None:
        self.waiting = waiting
        self._queued = 0
        self._pool: ProcessPoolExecutor | None = None

    async def read(self, data: bytes) -> ReadText:
        """The text in `data`; PicturesBusy when WAITING pictures wait already."""
        if self._queued >= self.waiting:
            raise PicturesBusy()
        self._queued += 1
        try:
            loop = asyncio.get_running_loop()
            outcome = await loop.run_in_executor(self._executor(), _read, data)
        except BrokenProcessPool:  # the worker died (killed, out of memory): a new one next time
            self.close()
            raise PictureNotRead() from None
        finally:
            self._queued -= 1
        if isinstance(outcome, ReadText):
            return outcome
        kind, params = outcome
        raise _REFUSALS[kind](**params)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            spawn = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=spawn)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _read(data: bytes) -> ReadText | tuple[str, dict[str, Any]]:
    """In the worker: a refusal is sent back by name (its arguments do not pickle as raised)."""
    try:
        return read_picture(data)
    except Refusal as refused:
        return type(refused).__name__, refused.params
