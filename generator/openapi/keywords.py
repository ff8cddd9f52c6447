"""The OpenAPI and JSON Schema vocabulary every stage shares: one table of each."""

from __future__ import annotations

__all__ = [
    "COMPONENT_KINDS",
    "DATA_KEYWORDS",
    "HTTP_METHODS",
    "SCHEMA_LISTS",
    "SCHEMA_MAPS",
    "SCHEMA_ONE",
]

# The operations a Path Item Object may hold, in the order the specification lists them.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Component kinds an OpenAPI 3.1 document may hold, in the order the specification lists them
# (``pathItems`` is 3.1 only; a normalised 3.0 document may gain it from the bundler).
COMPONENT_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
)

# Schema keywords holding a map of subschemas (keys are names chosen by the author: a property
# called ``default`` is a subschema here, not the ``default`` keyword).
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
# Schema keywords holding one subschema.
SCHEMA_ONE = (
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contentSchema",
)
# Schema keywords holding a list of subschemas.
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")

# Schema keywords whose values are instance data, never schemas or references.
DATA_KEYWORDS = frozenset({"example", "examples", "default", "enum", "const"})
