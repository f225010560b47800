"""The OpenAPI document rearranged for the human-readable page at /api/, so
the page and the machine-readable description can never disagree."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParameterDoc:
    name: str
    location: str
    required: bool
    description: str
    values: str


@dataclass(frozen=True)
class EndpointDoc:
    path: str
    summary: str
    description: str
    parameters: list[ParameterDoc]
    statuses: list[str]


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    description: str


def _plain(markdown: str) -> str:
    """OpenAPI descriptions are CommonMark; the page shows them as plain text."""
    return markdown.replace("`", "")


def _resolve(document: dict, node: dict) -> dict:
    """Follow a local '#/…' $ref (the only kind this document uses)."""
    while "$ref" in node:
        target: dict = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _values(schema: dict) -> str:
    if "enum" in schema:
        text = "one of " + ", ".join(str(v) for v in schema["enum"])
    elif schema.get("type") == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        text = "whole number" + (f" from {low}" if low is not None else "")
        text += f" to {high:,}" if high is not None else ""
    elif "maxLength" in schema:
        text = f"text, up to {schema['maxLength']} characters"
    else:
        text = "text"
    if "default" in schema:
        text += f"; default {schema['default']}"
    return text


def endpoints(document: dict) -> list[EndpointDoc]:
    found = []
    for path, item in document["paths"].items():
        operation = item["get"]
        parameters = [_resolve(document, p) for p in operation["parameters"]]
        found.append(EndpointDoc(
            path=path,
            summary=operation["summary"],
            description=_plain(operation["description"]),
            parameters=[
                ParameterDoc(p["name"], p["in"], p.get("required", False), _plain(p["description"]),
                             _values(p["schema"]))
                for p in parameters
            ],
            statuses=sorted(operation["responses"]),
        ))
    return found


def _type_name(document: dict, schema: dict) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return "date-time (UTC)" if name == "DateTime" else name
    if "anyOf" in schema:
        return " or ".join(_type_name(document, s) for s in schema["anyOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        return "list of " + _type_name(document, schema["items"])
    if isinstance(kind, list):
        return " or ".join(kind)
    if "enum" in schema:
        return "one of " + ", ".join(schema["enum"])
    return kind


def fields(document: dict, schema_name: str) -> list[FieldDoc]:
    schema = document["components"]["schemas"][schema_name]
    return [
        FieldDoc(name, _type_name(document, prop), _plain(prop.get("description", "")))
        for name, prop in schema["properties"].items()
    ]
