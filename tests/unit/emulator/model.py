"""Check an answer the emulator gave against botocore's service model."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import botocore.session
from botocore.model import OperationModel
from botocore.validate import ParamValidator


@lru_cache(maxsize=1)
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


def operation_model(service: str, operation: str) -> OperationModel:
    return _session().get_service_model(service).operation_model(operation)


def shape_errors(service: str, operation: str, response: dict[str, Any]) -> str:
    """botocore's report of how a parsed response departs from the operation's output shape; '' when it conforms."""
    body = {key: value for key, value in response.items() if key != "ResponseMetadata"}
    shape = operation_model(service, operation).output_shape
    if shape is None:  # the operation answers nothing but metadata
        return f"{operation} has no output, got {sorted(body)}" if body else ""
    report = ParamValidator().validate(body, shape)
    return report.generate_report() if report.has_errors() else ""


def enum_values(service: str, shape: str) -> list[str]:
    return list(_session().get_service_model(service).shape_for(shape).enum)
