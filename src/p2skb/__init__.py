"""p2skb: localized Microsoft Docs articles as a typed, language-aligned knowledge model.

The facade::

    import p2skb
    ja = p2skb.parse_file("corpus/.../ja-jp.md")
    text = p2skb.to_json(ja)
    assert p2skb.from_json(text, p2skb.Article) == ja

Nothing here keeps state between calls, with one exception, the process's
garbage collector: :func:`parse`, :func:`to_json`, :func:`diff` and :func:`lint`
pause it while they build many small acyclic objects (about 5% of their time,
``benchmarks/run.py``).  The pause is counted across threads, so the collector
comes back on when the last of them ends, and one the program turned off stays
off (see ``p2skb._collector``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# "X as X" re-exports a name explicitly (PEP 484).
from p2skb._version import __version__ as __version__
from p2skb.errors import DecodeError as DecodeError
from p2skb.errors import FrontMatterError as FrontMatterError
from p2skb.errors import LimitError as LimitError
from p2skb.errors import P2SKBError as P2SKBError
from p2skb.errors import ReadError as ReadError
from p2skb.errors import UsageError as UsageError
from p2skb.errors import WriteError as WriteError

if TYPE_CHECKING:
    from p2skb.alignment import align as align
    from p2skb.drift import diff as diff
    from p2skb.drift import lint as lint
    from p2skb.export import from_json as from_json
    from p2skb.export import to_json as to_json
    from p2skb.model import *  # noqa: F403 -- the model's __all__ is the facade's: one list
    from p2skb.parsing import Limits as Limits
    from p2skb.parsing import parse as parse
    from p2skb.parsing import parse_file as parse_file

# Everything but the errors loads on first use (PEP 562), so `import p2skb` stays cheap
# and a tool that only needs the errors or the version does not pay for attrs or markdown-it.
_FUNCTIONS = {
    "align": "p2skb.alignment",
    "diff": "p2skb.drift",
    "lint": "p2skb.drift",
    "from_json": "p2skb.export",
    "to_json": "p2skb.export",
    "Limits": "p2skb.parsing",
    "parse": "p2skb.parsing",
    "parse_file": "p2skb.parsing",
}
"""The facade's names outside the model, by the module that defines each."""
_MODEL = "p2skb.model"


_LOADED = (
    "__version__",
    *(
        name
        for name, value in dict(globals()).items()
        if isinstance(value, type) and issubclass(value, P2SKBError)
    ),
)
"""The names defined on import: the version and the errors."""


def _model_names() -> list[str]:
    names: list[str] = importlib.import_module(_MODEL).__all__
    return names


def __getattr__(name: str) -> object:
    if name == "__all__":  # computed once asked for: listing the model's names loads it
        value: object = sorted([*_LOADED, *_FUNCTIONS, *_model_names()])
    elif name in _FUNCTIONS:
        value = getattr(importlib.import_module(_FUNCTIONS[name]), name)
    elif not name.startswith("_") and name in _model_names():
        value = getattr(importlib.import_module(_MODEL), name)
    else:
        raise AttributeError(f"module 'p2skb' has no attribute {name!r}")
    globals()[name] = value  # later lookups find it directly
    return value


def __dir__() -> list[str]:
    """The facade's names (``__all__``): not the modules and helpers this one is built of."""
    return sorted([*_LOADED, *_FUNCTIONS, *_model_names()])
