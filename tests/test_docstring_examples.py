"""The examples in the package's docstrings (``>>>`` lines) run and print what they show."""
import doctest

import pytest

import nnbook as nb

MODULES = [nb.activations, nb.layers, nb.losses, nb.preprocessing]
#: names whose docstring must carry a runnable example
WITH_EXAMPLES = [nb.BatchNormalization, nb.BinaryCrossentropy, nb.CategoricalCrossentropy,
                 nb.SparseCategoricalCrossentropy, nb.ELU, nb.GELU, nb.SiLU, nb.Softplus]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("obj", WITH_EXAMPLES, ids=lambda o: o.__name__)
def test_new_names_document_an_example(obj):
    examples = doctest.DocTestFinder(recurse=False).find(obj)
    assert examples and examples[0].examples, f"{obj.__name__} has no >>> example"
