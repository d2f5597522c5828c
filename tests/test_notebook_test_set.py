"""Rule: a chapter touches its test set once, at the end, and never to compare variants.

Model choices (thresholds, preprocessing, epochs, architectures) are made on
validation data; the test set reports the finished model once. This test reads
the code cells of every chapter notebook and applies a syntactic heuristic:

* A call *touches the test set* when it evaluates or predicts and one of its
  arguments (positional or keyword value, including subscripts, attributes and
  nested calls) mentions a variable whose name contains ``test`` (``X_test``,
  ``yi_test``, ``A_test``, ``X_test_s``; keyword *names* such as ``test_size``
  do not count). Evaluating or predicting means calling a model method
  (``evaluate``, ``predict``, ``predict_proba``, ``predict_classes``, ``score``,
  ``cost``), a metric function (``accuracy_score``, ``precision_score`` and every
  other ``*_score``, ``*_error``, ``confusion_matrix``, ``classification_report``,
  ``*_curve``) or ``plot_decision_boundary``.
* Rule 1: at most one code cell per chapter touches the test set.
* Rule 2: in that cell no touch sits inside a ``for``/``while`` loop or a
  comprehension. A loop that evaluates on test data is the shape of a comparison
  of variants (several preprocessings, thresholds or models scored on the test
  set, as chapter 12 once did), and comparing is a choice.

What it cannot see: a helper function that hides the test data behind another
name, or an explorer that predicts internally; and a report of a fixed model
written out twice passes rule 2. It is a tripwire for the common mistakes, not a
proof of hygiene; review does the rest.
"""
import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "chapters").glob("*.ipynb"))
MODEL_METHODS = {"evaluate", "predict", "predict_proba", "predict_classes", "score", "cost",
                 "plot_decision_boundary", "confusion_matrix", "classification_report"}
METRIC_SUFFIXES = ("_score", "_error", "_curve")
LOOPS = (ast.For, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _evaluates(name: str | None) -> bool:
    return name is not None and (name in MODEL_METHODS or name.endswith(METRIC_SUFFIXES))


def _mentions_test(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and "test" in n.id.lower() for n in ast.walk(node))


def _source(cell) -> str:
    # IPython magics and shell escapes are not Python: replace each by a `pass` at its indentation
    lines = "".join(cell["source"]).splitlines()
    return "\n".join(re.sub(r"^(\s*)[%!].*$", r"\1pass", line) for line in lines)


def find_touches(source: str) -> list[tuple[int, str, bool]]:
    """(line, called name, inside a loop) for every call in ``source`` that touches test data."""
    tree = ast.parse(source)
    found = []

    def visit(node, in_loop):
        if isinstance(node, ast.Call) and _evaluates(_called_name(node)):
            arguments = list(node.args) + [k.value for k in node.keywords]
            if any(_mentions_test(a) for a in arguments):
                found.append((node.lineno, _called_name(node), in_loop))
        if isinstance(node, (ast.For, ast.AsyncFor)):      # the iterable is evaluated once
            visit(node.iter, in_loop)
            for child in node.body + node.orelse:
                visit(child, True)
            return
        if isinstance(node, LOOPS[2:]) or isinstance(node, ast.ListComp):  # comprehensions
            first, *rest = node.generators
            visit(first.iter, in_loop)
            for child in [first.target, *first.ifs, *rest] + [getattr(node, f) for f in ("elt", "key", "value")
                                                            if hasattr(node, f)]:
                visit(child, True)
            return
        inner = in_loop or isinstance(node, ast.While)
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, False)
    return found


def touching_cells(path: Path) -> dict[int, list[tuple[int, str, bool]]]:
    cells = json.loads(path.read_text())["cells"]
    out = {}
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        touches = find_touches(_source(cell))
        if touches:
            out[index] = touches
    return out


def test_heuristic_on_examples():
    assert find_touches("model.evaluate(X_test, y_test)")
    assert find_touches("nb.recall_score(yi_test, net.predict_classes(Xi_test, threshold=t))")
    assert find_touches("for t in ts:\n    f1_score(y_test, p >= t)")[0][2] is True
    assert not find_touches("train_test_split(X, y, test_size=0.2)")
    assert not find_touches("scaler.transform(X_test)")
    assert not find_touches("model.predict(X_val)")
    assert find_touches("{k: v for k, v in m.evaluate(X_test, y_test, return_dict=True).items()}")[0][2] is False
    assert find_touches("[m.evaluate(X_test, y_test) for m in models]")[0][2] is True


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_test_set_used_once(notebook):
    cells = touching_cells(notebook)
    problems = []
    if len(cells) > 1:
        problems.append(f"{len(cells)} cells evaluate or predict on test data (cells "
                        + ", ".join(f"{i} ({', '.join(sorted({n for _, n, _ in t}))})" for i, t in cells.items())
                        + "); make the choices on validation data and touch the test set in one final cell")
    for index, touches in cells.items():
        looped = sorted({name for _, name, in_loop in touches if in_loop})
        if looped:
            problems.append(f"cell {index} calls {', '.join(looped)} on test data inside a loop: a comparison of "
                            "variants belongs on the validation set")
    assert not problems, f"{notebook.name}: " + "; ".join(problems)
