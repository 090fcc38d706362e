"""Stream a large XML list file element by element, safely.

The real SDN_ADVANCED.XML is about 120 MB: lxml's iterparse hands over each finished
element, which is read and then freed with everything before it, so memory stays flat.
Entities are never expanded and nothing is fetched from the network (a list file has
no business declaring either), and damaged XML becomes one ListFileError naming the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .model import ListFileError


def local(tag: object) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text_of(element, name: str) -> str:
    """The stripped text of the first child called `name` (any namespace), or ""."""
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def children(element, name: str) -> list:
    return [child for child in element if local(child.tag) == name]


def descendants(element, name: str) -> Iterator:
    return element.iter(f"{{*}}{name}")


def stream(path: Path, names: set[str]) -> Iterator[tuple[str, object]]:
    """(local name, element) for each finished element whose name is in `names`.

    The element is freed after the caller's loop body has run, together with its
    earlier siblings; keep values, not elements.
    """
    try:
        for _, element in etree.iterparse(str(path), events=("end",), resolve_entities=False,
                                          no_network=True, load_dtd=False, huge_tree=True, remove_comments=True):
            name = local(element.tag)
            if name not in names:
                continue
            yield name, element
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        line = getattr(error, "lineno", None) or (error.position[0] if error.position else "?")
        raise ListFileError(f"{path.name} is not complete XML (line {line}: {error.msg}); it may have been "
                            "cut short or damaged. Download it again.") from None
    except OSError as error:
        raise ListFileError(f"{path.name} could not be read: {error.strerror or error}.") from None
