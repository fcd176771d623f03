"""Reading one big JSON object a piece at a time, so a million-question file never sits in memory.

`JsonStream` walks the top-level object key by key; a list value can be read element by
element. Each piece is decoded with the standard library's decoder, and no piece may be bigger
than `max_piece` characters or nested deeper than `MAX_DEPTH`: a file that breaks either is
rejected with a message naming the piece.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from quiz.core.errors import QuizError

CHUNK = 1 << 20
MAX_DEPTH = 8  # bank JSON needs 4: file > questions > question > sources > source
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def open_text(path: Path) -> IO[str]:
    """`path` opened as UTF-8 text (a BOM is skipped); a QuizError naming the file otherwise."""
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise QuizError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise QuizError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise QuizError(f"{path}: permission denied") from None
    except OSError as exc:
        raise QuizError(f"{path}: cannot read ({exc.strerror})") from None


def depth(value: Any) -> int:
    """How deeply lists and objects nest in `value` (a string or number is 0)."""
    if not isinstance(value, (dict, list)):
        return 0
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > deepest:
            deepest = level
            if deepest > MAX_DEPTH:
                return deepest
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, (dict, list)):
                stack.append((child, level + 1))
    return deepest


class JsonStream:
    """A cursor over the JSON text of one file."""

    def __init__(self, path: Path, max_piece: int) -> None:
        self.path = path
        self.max_piece = max_piece
        self.check_depth = True  # off where the caller checks each piece's structure itself
        self.fh = open_text(path)
        self.buf = ""
        self.pos = 0
        self.eof = False

    def close(self) -> None:
        """Release the file."""
        self.fh.close()

    def error(self, message: str) -> QuizError:
        """A QuizError naming the file and the line the cursor is on."""
        return QuizError(f"{self.path}: {message}")

    def _fill(self) -> bool:
        if self.eof:
            return False
        try:
            chunk = self.fh.read(CHUNK)
        except UnicodeDecodeError:
            raise self.error("not UTF-8 text") from None
        except OSError as exc:
            raise self.error(f"cannot read ({exc.strerror})") from None
        if not chunk:
            self.eof = True
            return False
        if self.pos > CHUNK:
            self.buf = self.buf[self.pos:]
            self.pos = 0
        self.buf += chunk
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        if self.pos < len(self.buf) and self.buf[self.pos] not in " \t\n\r":
            return self.buf[self.pos]  # as after a value: no regex match to find it
        while True:
            match = _SPACE.match(self.buf, self.pos)
            assert match is not None
            self.pos = match.end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def expect(self, char: str, what: str) -> None:
        """Consume `char` or fail saying `what` was expected."""
        if self.peek() != char:
            found = self.peek() or "the end of the file"
            raise self.error(f"not valid JSON: expected {what}, found {found!r}")
        self.pos += 1

    def value(self, what: str) -> Any:
        """Decode the next JSON value (one piece); `what` names it in errors."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buf) - self.pos > self.max_piece:
                    raise self.error(f"{what}: larger than {self.max_piece:,} characters "
                                     f"or not valid JSON ({exc.msg})") from None
                if self._fill():
                    continue
                raise self.error(f"not valid JSON in {what} ({exc.msg})") from None
            except RecursionError:
                raise self.error(f"{what}: JSON nested too deeply") from None
            # A number can end where the buffer happens to end: read on to be sure.
            if end == len(self.buf) and self._fill():
                continue
            if end - self.pos > self.max_piece:
                raise self.error(f"{what}: larger than {self.max_piece:,} characters")
            self.pos = end
            if self.check_depth and depth(value) > MAX_DEPTH:
                raise self.error(f"{what}: JSON nested deeper than {MAX_DEPTH} levels")
            return value

    def keys(self) -> Iterator[str]:
        """The keys of the object that starts here; after each, the cursor is on its value."""
        self.expect("{", "an object")
        if self.peek() == "}":
            self.pos += 1
            return
        seen: set[str] = set()
        while True:
            if self.peek() != '"':
                raise self.error("not valid JSON: expected a key in double quotes")
            key = self.value("a key")
            if key in seen:
                raise self.error(f"key {key!r} appears twice")
            seen.add(key)
            self.expect(":", "':'")
            yield key
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("}", "',' or '}'")
            return

    def items(self, what: str) -> Iterator[Any]:
        """The elements of the list that starts here, one at a time."""
        self.expect("[", f"a list for {what}")
        if self.peek() == "]":
            self.pos += 1
            return
        index = 0
        while True:
            index += 1
            yield self.value(f"{what} {index}")
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("]", f"',' or ']' after {what} {index}")
            return

    def items_by_line(self, what: str, decode: Callable[[str], Any]) -> Iterator[Any]:
        """`items`, with each element that stands alone on its line followed by a comma (as
        `quiz export` writes them) first handed to `decode` as its text: what `decode` makes
        of it, unless None, when the element is decoded as `items` does (and so is every
        element in any other layout). A file with no line break within `max_piece`
        characters of an element is read as `items` reads it from there on."""
        self.expect("[", f"a list for {what}")
        if self.peek() == "]":
            self.pos += 1
            return
        by_line = True
        index = 0
        while True:
            index += 1
            if by_line:
                value, by_line = self._line(decode)
                if value is not None:
                    yield value
                    continue
            yield self.value(f"{what} {index}")
            if self.peek() == ",":
                self.pos += 1
                self.peek()  # the next element may stand alone on its line
                continue
            self.expect("]", f"',' or ']' after {what} {index}")
            return

    def _line(self, decode: Callable[[str], Any]) -> tuple[Any, bool]:
        """The element at the cursor decoded from the rest of its line, and the cursor on
        the next line; (None, whether to try the next element so) when it is not alone on
        its line followed by a comma. Only JSON's white space may stand around it."""
        while True:
            window = self.pos + self.max_piece + 100  # room for the indent and the comma
            end = self.buf.find("\n", self.pos, window)
            if end >= 0:
                break
            # (No reference to the buffer held here: _fill extends it in place.)
            if len(self.buf) >= window or not self._fill():
                return None, len(self.buf) < window  # (a line too long: read by value)
        buf, pos = self.buf, self.pos
        comma = end - 1
        if comma < pos:
            return None, True
        while buf[comma] in " \t\r" and comma > pos:
            comma -= 1
        if buf[comma] != "," or comma - pos > self.max_piece:
            return None, True
        value = decode(buf[pos:comma])  # (from the indent on: JSON allows it)
        if value is not None:
            self.pos = end + 1
        return value, True

    def finish(self) -> None:
        """Fail unless only white space is left."""
        if self.peek():
            raise self.error("not valid JSON: text after the end of the object")
