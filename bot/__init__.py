"""Lantian (蓝天): the registry, verdicts and tools of Shanghai's Blue Sky campaign."""

__version__ = "0.1.0"
