"""A strict visitor over the document model.

Each writer subclasses `NodeVisitor` and defines one `visit_<ClassName>` method per node class.
Dispatch is by the node's exact class name, and a node without a method raises
`UnknownNodeError` instead of being skipped: a writer that silently dropped a block would ship a
letter missing a sentence, which is worse than no letter (the docutils rule).
`concrete_node_classes()` lists every node class so a test can prove each writer handles all.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from campaign.document import nodes

R = TypeVar("R")

_NOT_NODES = frozenset({"Document", "DocumentMeta"})
"""Dataclasses of `nodes` that are containers or metadata, not visited nodes."""


class UnknownNodeError(TypeError):
    """A writer met a node class it has no `visit_` method for (a programming error)."""


def concrete_node_classes() -> tuple[type, ...]:
    """Every node class defined in `campaign.document.nodes`, in definition order.

    Found by introspection so a node type added later is covered by the exhaustiveness test
    without anyone remembering to list it.
    """
    found = [
        obj
        for name, obj in vars(nodes).items()
        if inspect.isclass(obj)
        and dataclasses.is_dataclass(obj)
        and obj.__module__ == nodes.__name__
        and name not in _NOT_NODES
    ]
    return tuple(sorted(found, key=lambda cls: inspect.getsourcelines(cls)[1]))


def missing_visit_methods(visitor_class: type[NodeVisitor[Any]]) -> list[str]:
    """Names of node classes that `visitor_class` has no `visit_` method for."""
    return [cls.__name__ for cls in concrete_node_classes() if not hasattr(visitor_class, f"visit_{cls.__name__}")]


class NodeVisitor(Generic[R]):
    """Base class of every writer's translator: `visit(node)` calls `visit_<ClassName>(node)`."""

    def visit(self, node: object) -> R:
        """Dispatch `node` to its method; raise `UnknownNodeError` if there is none."""
        method: Callable[[Any], R] | None = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise UnknownNodeError(f"{type(self).__name__} cannot render node type {type(node).__name__!r}")
        return method(node)

    def visit_all(self, children: tuple[Any, ...]) -> list[R]:
        """Visit each child in order and return the results."""
        return [self.visit(child) for child in children]
