"""Fixtures for the offline infrastructure checks (run with .venv-infra: `make infra-check`)."""

from __future__ import annotations

from typing import Any

import pytest
from infra_hcl import MODULE_NAMES, MODULES, load_dir


@pytest.fixture(scope="session")
def module_hcl() -> dict[str, dict[str, list[Any]]]:
    return {name: load_dir(MODULES / name) for name in MODULE_NAMES}
