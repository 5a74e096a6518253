"""Seconds per phase of an import, added up across batches and processes."""

from __future__ import annotations


class Timings(dict[str, float]):
    """A dict of phase -> seconds whose missing phases count as 0."""

    def __missing__(self, key: str) -> float:
        return 0.0

    def add(self, other: dict[str, float]) -> Timings:
        """Add another set of timings into this one; returns self."""
        for key, value in other.items():
            self[key] = self.get(key, 0.0) + value
        return self
