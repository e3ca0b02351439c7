"""The reference harness changes only import lines and compares printed numbers to a tolerance."""

from __future__ import annotations

from tests.reference import harness


def test_rewrite_imports_changes_only_the_import_lines() -> None:
    source = "import torch\nimport torch.nn as nn\nfrom torch.utils.data import DataLoader\nx = torch.zeros(2)\n"
    assert harness.rewrite_imports(source, "ligero-torch") == (
        "import ligero as torch\nimport ligero.nn as nn\nfrom ligero.utils.data import DataLoader\n"
        "x = torch.zeros(2)\n"
    )


def test_rewrite_imports_keras_and_mixed_import_lists() -> None:
    source = "import numpy as np, keras\nfrom keras import layers\nfrom keras.layers import Dense\nimport kerastuner\n"
    assert harness.rewrite_imports(source, "ligero-keras") == (
        "import numpy as np; import ligero.keras as keras\nfrom ligero.keras import layers\n"
        "from ligero.keras.layers import Dense\nimport kerastuner\n"
    )


def test_submodule_import_without_alias_still_binds_the_top_name() -> None:
    assert harness.rewrite_imports("import torch.nn\n", "ligero-torch") == "import ligero.nn; import ligero as torch\n"


def test_compare_outputs_numbers_to_tolerance_and_text_exactly() -> None:
    assert harness.compare_outputs("loss 0.123456\n", "loss 0.1234561\n", 1e-4, 1e-5) is None
    assert "differs" in harness.compare_outputs("loss 0.1234\n", "loss 0.1300\n", 1e-4, 1e-5)
    assert "expected" in harness.compare_outputs("shape (2, 3)\n", "size (2, 3)\n", 1e-4, 1e-5)
    assert "missing" in harness.compare_outputs("a 1\nb 2\n", "a 1\n", 1e-4, 1e-5)
    assert harness.compare_outputs("nan inf\n", "nan inf\n", 1e-4, 1e-5) is None
    assert harness.compare_outputs("", "", 1e-4, 1e-5) is not None  # a program must print something
