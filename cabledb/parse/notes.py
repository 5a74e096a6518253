"""One way to record anomalies: every step of the parser writes what was odd about its input into a :class:`Notes`,
and the notes become ``ParsedCable.anomalies``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class Notes:
    """Anomalies in the order they were found, each once.

    >>> notes = Notes()
    >>> notes.add("no classification banner at the top of the body")
    >>> list(notes)
    ['no classification banner at the top of the body']
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[str] = ()) -> None:
        self._items: dict[str, None] = dict.fromkeys(items)

    def add(self, note: str) -> None:
        """Record something odd about the input, and how it was read."""
        self._items.setdefault(note, None)

    def extend(self, notes: Iterable[str]) -> None:
        for note in notes:
            self.add(note)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __contains__(self, note: object) -> bool:
        return note in self._items

    def __repr__(self) -> str:
        return f"Notes({list(self._items)!r})"
