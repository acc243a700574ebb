"""tests/conftest.py leaves the modules of FUZZ_ONLY_MODULES unimported when -m excludes fuzz tests: each must be
marked `fuzz` as a whole (a module-level `pytestmark = pytest.mark.fuzz`), so that nothing else in it is left out
with them. Read from the source: importing the module is what the fast tier spares."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import FUZZ_ONLY_MODULES


@pytest.mark.parametrize("path", sorted(FUZZ_ONLY_MODULES))
def test_a_module_left_unimported_without_fuzz_is_fuzz_as_a_whole(path):
    tree = ast.parse((Path(settings.BASE_DIR) / path).read_text(encoding="utf-8"))
    marks = [ast.unparse(node.value) for node in tree.body
             if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["pytestmark"]]
    assert marks == ["pytest.mark.fuzz"], (path, marks)
