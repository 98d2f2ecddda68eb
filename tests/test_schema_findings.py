"""Schema errors become Chinese findings; anyOf/oneOf failures reduce to the deepest branch."""

from __future__ import annotations

import jsonschema_rs

from generator.validate import schema_check


def test_anyof_reduces_to_the_branch_that_got_furthest() -> None:
    validator = jsonschema_rs.validator_for(
        {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {
                        "a": {"type": "object", "properties": {"b": {"type": "integer"}}}
                    },
                },
            ]
        }
    )
    error = next(validator.iter_errors({"a": {"b": "x"}}))
    best = schema_check._best(error)
    assert list(best.instance_path) == ["a", "b"]
    assert type(best.kind).__name__ == "Type"


def test_required_names_the_missing_field_in_chinese() -> None:
    issues = list(schema_check.check("acceptance-filing", {"$schema": "x"}))
    by_pointer = {i.pointer: i for i in issues}
    assert by_pointer["/accepted_on"].params["missing"] == "验收日期"
    assert by_pointer["/$schema"].code == "schema-value"
