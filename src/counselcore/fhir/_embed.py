"""
Carry counselcore fields FHIR has no element for as nested extensions, and read them back.

The layout is the one `counselcore.to_dict` writes (one declaration: the cattrs hooks):
objects become nested extensions keyed by field name, lists become ``item`` children,
strings ``valueString``, integers ``valueInteger``, floats ``valueDecimal``, booleans
``valueBoolean``. ``None``, empty strings and empty lists are left out; reading puts the
record's defaults back.
"""

from typing import Any

from counselcore.errors import ValidationError
from counselcore.violations import Path, Violation

__all__ = ["embed", "unembed"]

_ITEM = "item"


def _value(key: str, value: Any) -> dict[str, Any] | None:
    if value is None or value in ("", [], {}):
        return None
    if isinstance(value, bool):
        return {"url": key, "valueBoolean": value}
    if isinstance(value, int):
        return {"url": key, "valueInteger": value}
    if isinstance(value, float):
        return {"url": key, "valueDecimal": value}
    if isinstance(value, str):
        return {"url": key, "valueString": value}
    if isinstance(value, dict):
        children = [
            child for name, item in value.items() if (child := _value(name, item)) is not None
        ]
        return {"url": key, "extension": children} if children else None
    if isinstance(value, list):
        items = [child for item in value if (child := _value(_ITEM, item)) is not None]
        return {"url": key, "extension": items} if items else None
    message = f"cannot carry a {type(value).__name__} in an extension"
    raise TypeError(message)


def embed(url: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """
    Return an extension at *url* carrying plain *data*, or None when there is nothing to carry.

    Example:
        >>> embed("https://x.test/e", {"every": 6, "flags": ["a"], "note": None})["extension"]
        [{'url': 'every', 'valueInteger': 6}, {'url': 'flags', 'extension': [{'url': 'item', 'valueString': 'a'}]}]
        >>> unembed(embed("https://x.test/e", {"every": 6, "flags": ["a"]}), ("extension", 0))
        {'every': 6, 'flags': ['a']}
    """
    return _value(url, data)


_VALUES = (
    "valueString",
    "valueInteger",
    "valueDecimal",
    "valueBoolean",
    "valueCode",
    "valueDate",
    "valueReference",
)


def _read(node: Any, path: Path) -> Any:
    if not isinstance(node, dict):
        raise ValidationError(
            [Violation(rule="fhir.json-shape", path=path, message="must be a JSON object")]
        )
    for name in _VALUES:
        if name in node:
            return node[name]
    children = node.get("extension")
    if not isinstance(children, list) or not children:
        raise ValidationError(
            [
                Violation(
                    rule="fhir.required",
                    path=path,
                    message="needs a value or nested extensions",
                )
            ]
        )
    for index, child in enumerate(children):
        if not isinstance(child, dict) or not isinstance(child.get("url"), str):
            raise ValidationError(
                [
                    Violation(
                        rule="fhir.json-shape",
                        path=(*path, "extension", index),
                        message="must be an extension object with a url",
                    )
                ]
            )
    if all(child["url"] == _ITEM for child in children):
        return [_read(child, (*path, "extension", index)) for index, child in enumerate(children)]
    return {
        child["url"]: _read(child, (*path, "extension", index))
        for index, child in enumerate(children)
    }


def unembed(extension: Any, path: Path) -> dict[str, Any]:
    """
    Return the plain data an `embed` extension carries; *path* locates it in the resource.

    Raises:
        counselcore.errors.ValidationError: If the extension is not shaped like `embed` output.

    Example:
        >>> unembed({"url": "u", "extension": [{"url": "n", "valueInteger": 1}]}, ("extension", 0))
        {'n': 1}
    """
    data = _read(extension, path)
    if not isinstance(data, dict):
        raise ValidationError(
            [Violation(rule="fhir.json-shape", path=path, message="must carry named fields")]
        )
    return data
