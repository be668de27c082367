"""The page of every check, written from the registry: what it finds, how to silence it."""

from __future__ import annotations

from pathlib import Path

from p2skb.checks import checks

INDEX = """Checks
======

Every check p2skb runs, by code. Codes and names never change and are never reused;
``p2skb checks`` prints the same list.

.. toctree::
   :maxdepth: 1

"""

PAGE = """{title}
{underline}

:Code: ``{code}``
:Name: ``{name}``
:Severity: {severity}
:Family: {family}
:Scope: {scope}

{title_line}

{doc}

Select or ignore it
-------------------

By code, name, code prefix or family: ``--select {code}``, ``--ignore {name}``,
``ignore = ["{name}"]`` in ``[tool.p2skb]``, or a severity of its own in
``[tool.p2skb.severity]``.

Silence one finding
-------------------

Above the line it is on, in the Markdown:

.. code-block:: html

   <!-- p2skb-disable-next-line {code} -->

``<!-- p2skb-disable {name} -->`` … ``<!-- p2skb-enable -->`` for a stretch, and
``<!-- p2skb-disable-file {code} -->`` for the whole file. A comment that silences
nothing is reported (``unused-suppression``).
"""


def page_name(code: str, name: str) -> str:
    """The page's file name (without ``.rst``): what SARIF's ``helpUri`` links to."""
    return f"{code.lower()}-{name}"


def write(folder: Path) -> list[Path]:
    """Write ``folder/index.rst`` and a page per check; return the pages written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    entries = []
    for code, check in checks().items():
        title = f"{code} {check.name}"
        path = folder / f"{page_name(code, check.name)}.rst"
        path.write_text(
            PAGE.format(
                title=title,
                underline="=" * len(title),
                code=code,
                name=check.name,
                severity=check.severity,
                family=check.family,
                scope=check.scope,
                title_line=check.title + ".",
                doc=check.doc,
            ),
            encoding="utf-8",
        )
        written.append(path)
        entries.append(f"   {path.stem}\n")
    (folder / "index.rst").write_text(INDEX + "".join(entries), encoding="utf-8")
    return written
