"""Failures on demand, and a tally of calls, so tests can see how a bot copes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal, get_args

FaultKind = Literal["429", "502", "timeout"]
FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)

# What nginx in front of the Bot API sends when the backend is away: HTML, not JSON.
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass
class Fault:
    """`times` more calls of `method` (lower case, "*" for any) fail as `kind`.

    "429" answers Too Many Requests with retry_after; "502" answers nginx's HTML page;
    "timeout" holds the request `hold` seconds (longer than the client waits), then drops
    the connection without doing anything.
    """

    method: str
    kind: FaultKind
    times: int = 1
    retry_after: int = 1
    hold: float = 30.0
    token: str | None = None  # None: any bot

    def matches(self, token: str, method: str) -> bool:
        return (
            self.times > 0
            and self.method in ("*", method)
            and (self.token is None or self.token == token)
        )


class FaultBook:
    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.counts: Counter[tuple[str, str]] = Counter()

    def inject(self, fault: Fault) -> None:
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r}; use one of {FAULT_KINDS}")
        fault.method = fault.method.lower()
        self.faults.append(fault)

    def called(self, token: str, method: str) -> Fault | None:
        """Counts the call and returns the first fault it should suffer, using one of its times."""
        self.counts[(token, method)] += 1
        for fault in self.faults:
            if fault.matches(token, method):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def calls(self, method: str, token: str | None = None) -> int:
        """How often `method` was requested (faulted calls included), by one bot or all."""
        wanted = method.lower()
        return sum(
            count
            for (called_token, name), count in self.counts.items()
            if name == wanted and token in (None, called_token)
        )
