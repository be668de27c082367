"""How messages quote and count: values cut to fit, the part of two values that differs, plurals."""

from __future__ import annotations

__all__ = ["counted", "differing_parts", "shorten"]


def shorten(value: str, width: int = 60) -> str:
    r"""``value`` on one line, cut to ``width`` characters with an ellipsis, quoted as written.

    Backslashes and ``\<`` stay as they are in the file (no escaping): a path or a
    placeholder in a message is the one a reader searches for.
    """
    flat = " ".join(value.split())
    shown = flat if len(flat) <= width else flat[: width - 1] + "…"
    quote = '"' if "'" in shown and '"' not in shown else "'"
    return f"{quote}{shown}{quote}"


def differing_parts(now: str, was: str, width: int = 60) -> tuple[str, str]:
    """Two values to show side by side, quoted: cut so that the part that differs shows.

    ``'./media/…/ikev2auth4.jpg'`` and ``'….png'`` become ``'…ikev2auth4.jpg'`` and
    ``'…ikev2auth4.png'``: a common start longer than the room left is cut at a path
    separator or word boundary before the difference.
    """
    if len(now) <= width and len(was) <= width:
        return shorten(now, width), shorten(was, width)
    common, longest = 0, min(len(now), len(was))
    while common < longest:  # the common start's length, by bisection (slices compare in C)
        middle = (common + longest + 1) // 2
        if now[:middle] == was[:middle]:
            common = middle
        else:
            longest = middle - 1
    keep = max(common - 20, 0)
    cut = max(now.rfind("/", 0, keep), now.rfind("\\", 0, keep), now.rfind(" ", 0, keep))
    start = cut + 1 if cut >= 0 and keep - cut < 20 else keep
    if start == 0:
        return shorten(now, width), shorten(was, width)
    return shorten("…" + now[start:], width), shorten("…" + was[start:], width)


def counted(number: int, noun: str) -> str:
    """``1 line``, ``2 lines``: a count with its noun, plural when it is not one."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
