"""Synthetic OpenAPI documents of a chosen size, for the scaling benchmark.

Each resource has five operations (list, create, get, update, delete) and
four schemas, so schemas grow in proportion to operations.  The shapes mix
what real vendor specs hold: enums, bounded integers, nullable fields,
nested objects, arrays of objects, query and path parameters, pagination.
"""

from __future__ import annotations

from typing import Any

OPERATIONS_PER_RESOURCE = 5


def _item_schema(index: int) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["id", "name", "status"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "description": f"Identifier of item {index}."},
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "status": {"type": "string", "enum": ["active", "paused", "done"]},
            "priority": {"type": "integer", "minimum": 0, "maximum": 10, "default": 5},
            "score": {"type": ["number", "null"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "window": {
                "type": "object",
                "properties": {
                    "start": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
                    "end": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
                    "days": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 7}},
                },
            },
            "contacts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["phone"],
                    "properties": {
                        "phone": {"type": "string"},
                        "variables": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                },
            },
            "created_at": {"type": "string", "format": "date-time"},
        },
    }


def _operations(index: int) -> dict[str, Any]:
    name = f"Item{index}"
    ref = {"$ref": f"#/components/schemas/{name}"}
    error = {"$ref": "#/components/responses/Error"}
    tag = [f"items{index}"]
    item_response = {"description": "The item.", "content": {"application/json": {"schema": ref}}}
    id_parameter = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        f"/v1/items{index}": {
            "get": {
                "operationId": f"listItems{index}",
                "tags": tag,
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["active", "done"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "A page of items.",
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}Page"}}
                        },
                    },
                    "default": error,
                },
            },
            "post": {
                "operationId": f"createItem{index}",
                "tags": tag,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{name}Create"}}
                    },
                },
                "responses": {"201": item_response, "default": error},
            },
        },
        f"/v1/items{index}/{{id}}": {
            "parameters": [id_parameter],
            "get": {
                "operationId": f"getItem{index}",
                "tags": tag,
                "responses": {"200": item_response, "default": error},
            },
            "patch": {
                "operationId": f"updateItem{index}",
                "tags": tag,
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{name}Update"}}
                    }
                },
                "responses": {"200": item_response, "default": error},
            },
            "delete": {
                "operationId": f"deleteItem{index}",
                "tags": tag,
                "responses": {"204": {"description": "Deleted."}, "default": error},
            },
        },
    }


def synthetic_spec(operations: int) -> dict[str, Any]:
    """An OpenAPI 3.1 document with ``operations`` operations (rounded up to whole resources)."""
    resources = max(1, -(-operations // OPERATIONS_PER_RESOURCE))
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["message"],
            "properties": {"message": {"type": "string"}, "code": {"type": "integer"}},
        }
    }
    for index in range(resources):
        paths.update(_operations(index))
        item = _item_schema(index)
        schemas[f"Item{index}"] = item
        schemas[f"Item{index}Create"] = {
            "type": "object",
            "required": ["name"],
            "properties": {k: v for k, v in item["properties"].items() if k not in ("id", "created_at")},
        }
        schemas[f"Item{index}Update"] = {
            "type": "object",
            "properties": {
                k: v for k, v in item["properties"].items() if k in ("name", "status", "priority")
            },
        }
        schemas[f"Item{index}Page"] = {
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": f"#/components/schemas/Item{index}"}},
                "next_page": {"type": ["integer", "null"]},
            },
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Synthetic {resources * OPERATIONS_PER_RESOURCE}", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "security": [{"ApiKey": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "An error.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
        },
    }
