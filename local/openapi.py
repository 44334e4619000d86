"""An OpenAPI 3.1 description of the REST API, generated from the Chalice app itself, for fuzzing.

Paths, methods, path parameters and authorizers come from ``app.routes``; request bodies and
query strings from the pydantic models each view parses (``parse(Model, body())`` /
``parse(Model, query_params())``, found in app.py's syntax tree), as ``model_json_schema()``
gives them. ``python -m local.openapi`` prints it.
"""

from __future__ import annotations

import ast
import inspect
import json
from typing import Any

from chalice import Chalice
from pydantic import BaseModel

from chalicelib import schemas

REF = "#/components/schemas/{model}"
# Views that hand the raw body or query to a service instead of calling ``parse`` themselves.
BODY_VIA_SERVICE: dict[str, type[BaseModel]] = {"post_message": schemas.NewMessage}
QUERY_BY_HAND: dict[str, list[dict[str, Any]]] = {
    "list_rooms": [{"name": "scope", "in": "query", "required": False,
                    "schema": {"type": "string", "enum": ["mine", "public"]}}],
}
PATH_PARAMETERS = {"rid": {"type": "string", "format": "uuid"}, "mid": {"type": "string", "format": "uuid"},
                   "uid": {"type": "string", "minLength": 1, "maxLength": 128}}


def parsed_models(module: Any) -> dict[str, dict[str, type[BaseModel]]]:
    """function name -> {"body" | "query": model}, from the ``parse(Model, body()|query_params())`` calls."""
    found: dict[str, dict[str, type[BaseModel]]] = {}
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if not isinstance(node, ast.FunctionDef):
            continue
        for call in ast.walk(node):
            if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "parse"
                    and len(call.args) == 2 and isinstance(call.args[0], ast.Name)
                    and isinstance(call.args[1], ast.Call) and isinstance(call.args[1].func, ast.Name)):
                where = {"body": "body", "query_params": "query"}.get(call.args[1].func.id)
                if where:
                    found.setdefault(node.name, {})[where] = getattr(schemas, call.args[0].id)
    return found


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query string has no null: ``X | None`` is just an optional X."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
        return {**options[0], **rest}
    return {k: v for k, v in schema.items() if k != "default"}


def build(app: Chalice, module: Any) -> dict[str, Any]:
    models = parsed_models(module)
    components: dict[str, Any] = {}
    paths: dict[str, Any] = {}

    def body_schema(model: type[BaseModel]) -> dict[str, Any]:
        schema = model.model_json_schema(by_alias=True, ref_template=REF)
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
        return {"$ref": REF.format(model=model.__name__)}

    for path, methods in sorted(app.routes.items()):
        for method, entry in sorted(methods.items()):
            name = entry.view_name
            parameters: list[dict[str, Any]] = [
                {"name": arg, "in": "path", "required": True, "schema": PATH_PARAMETERS.get(arg, {"type": "string"})}
                for arg in entry.view_args]
            query = models.get(name, {}).get("query")
            if query is not None:
                schema = query.model_json_schema(by_alias=True)
                parameters += [{"name": field, "in": "query", "required": field in schema.get("required", []),
                                "schema": _without_null(spec)} for field, spec in schema["properties"].items()]
            parameters += QUERY_BY_HAND.get(name, [])
            operation: dict[str, Any] = {"operationId": name, "parameters": parameters,
                                         "responses": {"default": {"description": "JSON"}}}
            body = models.get(name, {}).get("body") or BODY_VIA_SERVICE.get(name)
            if body is not None:
                operation["requestBody"] = {"required": True,
                                            "content": {"application/json": {"schema": body_schema(body)}}}
            if entry.authorizer is not None:
                operation["security"] = [{"cognito": []}]
            paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": app.app_name, "version": "1"},
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"cognito": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
    }


def main() -> None:
    import app as chalice_app

    print(json.dumps(build(chalice_app.app, chalice_app), indent=2))


if __name__ == "__main__":
    main()
