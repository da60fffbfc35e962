"""
A read cursor over one FHIR JSON object that knows its FHIR path and what was read.

Everything the importer does not read is reported as ``fhir.element-not-mapped``, so
nothing is dropped silently; a wrong JSON type or a missing required element raises
`ValidationError` naming the FHIR path (``CarePlan.activity[2].detail.code``).
"""

import math
import re
from typing import Any

from counselcore.errors import ValidationError
from counselcore.fhir._vocabulary import FHIR_RULES, VALUE_SETS
from counselcore.violations import Path, Violation

__all__ = ["Node", "refuse"]

#: What a FHIR element name looks like; other keys are not echoed in paths (they could be text).
_ELEMENT_NAME = re.compile(r"_?[a-z][A-Za-z0-9]{0,63}")


def refuse(path: Path, rule: str, message: str) -> ValidationError:
    """
    Return the error for input that cannot be imported (the caller raises it).

    Example:
        >>> str(refuse(("Goal", "lifecycleStatus"), "fhir.required", "is required"))
        '1 structural problem: Goal.lifecycleStatus: is required [fhir.required]'
    """
    return ValidationError([Violation(rule=rule, path=path, message=message)])


class Node:
    """
    One JSON object of a resource, with its FHIR path and the keys read so far.

    Example:
        >>> node = Node.resource({"resourceType": "Goal", "lifecycleStatus": "active", "note": []}, "Goal")
        >>> node.code("lifecycleStatus", required=True)
        'active'
        >>> [v.where for v in node.leftovers()]
        ['Goal.note']
    """

    __slots__ = ("_children", "_extensions_read", "_read", "data", "path")

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        self.data = data
        self.path = path
        self._read: set[str] = set()
        self._children: list[Node] = []
        self._extensions_read: set[int] = set()

    @classmethod
    def resource(cls, data: Any, resource_type: str, path: Path = ()) -> "Node":
        """
        Open *data* as a resource of *resource_type*; *path* is where it sits (empty: top).

        Raises:
            counselcore.errors.ValidationError: If *data* is not an object of that type.
        """
        where = path or (resource_type,)
        if not isinstance(data, dict):
            raise refuse(where, "fhir.json-shape", "must be a JSON object")
        found = data.get("resourceType")
        if found != resource_type:
            raise refuse(
                (*where, "resourceType") if path else ("resourceType",),
                "fhir.resource-type",
                f"must be {resource_type}",
            )
        node = cls(data, where)
        node._read.update(("resourceType", "id"))
        return node

    def at(self, *steps: str | int) -> Path:
        """Return the path of *steps* below this node."""
        return (*self.path, *steps)

    def has(self, key: str) -> bool:
        """Whether *key* holds a value other than null (does not count as reading it)."""
        return self.data.get(key) is not None

    def get(self, key: str) -> Any:
        """Return the raw value at *key* (or None), marking it read."""
        self._read.add(key)
        return self.data.get(key)

    def skip(self, *keys: str) -> None:
        """Mark *keys* as read: derived data the importer checks elsewhere or need not keep."""
        self._read.update(keys)

    def string(self, key: str, *, required: bool = False) -> str | None:
        """Return the string at *key*; raise if it is another type or missing when *required*."""
        value = self.get(key)
        if value is None:
            if required:
                raise refuse(self.at(key), "fhir.required", "is required")
            return None
        if not isinstance(value, str) or value == "":
            raise refuse(self.at(key), "fhir.json-shape", "must be a non-empty string")
        return value

    def number(self, key: str, *, required: bool = False) -> int | float | None:
        """Return the JSON number at *key* (a bool, a numeric string, NaN or infinity is refused)."""
        value = self.get(key)
        if value is None:
            if required:
                raise refuse(self.at(key), "fhir.required", "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise refuse(self.at(key), "fhir.json-shape", "must be a JSON number")
        if isinstance(value, float) and not math.isfinite(value):
            # JSON has no NaN or infinity; a dict built in Python can hold them.
            raise refuse(self.at(key), "fhir.json-shape", "must be a finite JSON number")
        return value

    def boolean(self, key: str) -> bool | None:
        """Return the JSON boolean at *key*, or None."""
        value = self.get(key)
        if value is not None and not isinstance(value, bool):
            raise refuse(self.at(key), "fhir.json-shape", "must be true or false")
        return value

    def code(self, key: str, *, required: bool = False, value_set: str | None = None) -> str | None:
        """
        Return the code at *key*, checked against the R4 value set named *value_set*.

        The value set defaults to ``<resourceType>.<key>`` when one is declared for it.
        """
        value = self.string(key, required=required)
        name = value_set or f"{self.path[0]}.{key}"
        allowed = VALUE_SETS.get(name)
        if value is not None and allowed is not None and value not in allowed:
            raise refuse(
                self.at(key),
                "fhir.value-set",
                f"is not a code of the R4 value set {name} ({len(allowed)} codes)",
            )
        return value

    def child(self, key: str, *, required: bool = False) -> "Node | None":
        """Return the object at *key* as a node, or None."""
        value = self.get(key)
        if value is None:
            if required:
                raise refuse(self.at(key), "fhir.required", "is required")
            return None
        if not isinstance(value, dict):
            raise refuse(self.at(key), "fhir.json-shape", "must be a JSON object")
        node = Node(value, self.at(key))
        self._children.append(node)
        return node

    def children(self, key: str, *, required: bool = False) -> list["Node"]:
        """Return the objects of the array at *key* as nodes (``[]`` when absent)."""
        value = self.get(key)
        if value is None:
            if required:
                raise refuse(self.at(key), "fhir.required", "is required")
            return []
        if not isinstance(value, list):
            raise refuse(self.at(key), "fhir.json-shape", "must be a JSON array")
        nodes = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise refuse(self.at(key, index), "fhir.json-shape", "must be a JSON object")
            node = Node(item, self.at(key, index))
            self._children.append(node)
            nodes.append(node)
        return nodes

    def strings(self, key: str) -> list[str]:
        """Return the strings of the array at *key* (``[]`` when absent)."""
        value = self.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise refuse(self.at(key), "fhir.json-shape", "must be an array of strings")
        return value

    def extensions(self, url: str) -> list[tuple[Path, dict[str, Any]]]:
        """Return ``(path, extension)`` for each extension with *url*, marking them read."""
        raw = self.data.get("extension")
        if raw is None:
            return []
        self._read.add("extension")
        if not isinstance(raw, list):
            raise refuse(self.at("extension"), "fhir.json-shape", "must be a JSON array")
        found = []
        for index, item in enumerate(raw):
            if not isinstance(item, dict) or not isinstance(item.get("url"), str):
                raise refuse(self.at("extension", index), "fhir.json-shape", "must have a url")
            if item["url"] == url:
                self._extensions_read.add(index)
                found.append((self.at("extension", index), item))
        return found

    def extension(self, url: str) -> tuple[Path, dict[str, Any]] | None:
        """Return the first extension with *url*, or None."""
        found = self.extensions(url)
        return found[0] if found else None

    def leftovers(self) -> tuple[Violation, ...]:
        """
        Return a warning for every element (and extension) under this node that was not read.

        Example:
            >>> node = Node.resource({"resourceType": "Goal", "extension": [{"url": "x", "valueString": "y"}]}, "Goal")
            >>> [v.where for v in node.leftovers()]
            ['Goal.extension[0]']
        """
        found: list[Violation] = []
        self._collect(found)
        return tuple(found)

    def _collect(self, found: list[Violation]) -> None:
        rule = FHIR_RULES["fhir.element-not-mapped"]
        for key in self.data:
            if key == "extension":
                raw = self.data[key]
                if isinstance(raw, list):
                    found.extend(
                        Violation(
                            rule=rule.id,
                            path=self.at("extension", index),
                            message="an extension counselcore does not read was ignored",
                            severity=rule.severity,
                        )
                        for index in range(len(raw))
                        if index not in self._extensions_read
                    )
                continue
            if key not in self._read:
                name = key if _ELEMENT_NAME.fullmatch(key) else "<not an element name>"
                found.append(
                    Violation(
                        rule=rule.id,
                        path=self.at(name),
                        message="an element counselcore does not map was ignored",
                        severity=rule.severity,
                    )
                )
        for child in self._children:
            child._collect(found)  # noqa: SLF001 - same class
