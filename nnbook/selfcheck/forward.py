"""Self-checks for chapter 5 (forward propagation).

Every expected answer is computed with ``nnbook`` itself; the typical wrong
answers (a weighted input where an activation was asked for, a forgotten bias,
the weight matrix read the wrong way round) are computed the same way so that
the hint names the slip.
"""
from __future__ import annotations

import numpy as np

from ..activations import ReLU, Sigmoid
from ..layers import Dense
from ..model import Sequential
from ..widgets.forward import WORKED_WEIGHTS
from ._core import Feedback, check_array, check_number, exercise, matches, not_answered, unanswered

#: the input of exercises 1 and 2, pushed through the chapter's worked-example network
EXERCISE_X = (1.0, 3.0)
#: exercise 2 asks for the output to 3 decimal places
OUTPUT_DECIMALS = 3
CHAPTER = "05_forward_propagation"


def worked_network(hidden: str = "relu") -> Sequential:
    """The chapter's 2-2-1 network (ReLU hidden layer, sigmoid output) with its worked-example weights."""
    model = Sequential([Dense(2, activation=hidden, input_shape=(2,)), Dense(1, activation="sigmoid")])
    model.set_weights(WORKED_WEIGHTS)
    return model


def _exercise_steps():
    return worked_network().forward_steps(np.array([EXERCISE_X]))


def _slips():
    """Outputs a learner gets with the usual slips, each with the hint that names it."""
    W1, b1, W2, b2 = WORKED_WEIGHTS
    x = np.array([EXERCISE_X])
    relu, sig = ReLU(), Sigmoid()
    no_relu = sig(((x @ W1 + b1) @ W2 + b2))[0, 0]
    no_bias = sig(relu(x @ W1) @ W2)[0, 0]
    transposed = sig(relu(x @ W1.T + b1) @ W2 + b2)[0, 0]
    z_out = _exercise_steps()[1]["z"][0, 0]
    return [
        (z_out, "That is the output's weighted input z. The output unit still applies its activation: "
                "a = sigmoid(z) = 1 / (1 + exp(-z))."),
        (no_relu, "It looks as if the hidden units passed z on unchanged. A ReLU unit outputs max(0, z): "
                  "a negative z becomes 0."),
        (no_bias, "It looks as if the biases were left out. Add b to every weighted sum: z = w·x + b "
                  "(hidden biases 0 and -1, output bias -4)."),
        (transposed, "It looks as if W1 was read row by row per unit. In nnbook W1[j, u] is the weight "
                     "from input j to unit u: unit u uses column u of W1."),
    ]


def exercise_hidden() -> np.ndarray:
    """The hidden activations of the worked-example network for x = EXERCISE_X, from forward_steps."""
    return _exercise_steps()[0]["a"][0]


def exercise_output() -> float:
    """The output y_hat of the worked-example network for x = EXERCISE_X, from forward_steps."""
    return float(_exercise_steps()[1]["a"][0, 0])


@exercise("ex-forward-1", chapter=CHAPTER, solution=exercise_hidden)
def check_exercise_hidden(answer) -> Feedback:
    """ex-forward-1: the hidden activations (a1, a2) for x = (1, 3); both are exact decimals (3.5 and 0)."""
    steps = _exercise_steps()
    expected, z = steps[0]["a"][0], steps[0]["z"][0]
    if not unanswered(answer):
        try:
            value = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            value = None
        if value is not None and value.shape == z.shape and np.allclose(value, z, atol=1e-3) \
                and not np.allclose(z, expected):
            return Feedback(False, "Those are the weighted inputs z of the two hidden units. The question asks "
                                   "for their activations: apply ReLU, a = max(0, z).")
    return check_array(answer, expected, atol=1e-3, name="(a1, a2)",
                       hint="Compute z_u = x1·W1[0, u] + x2·W1[1, u] + b1[u] for the units u = 0, 1, then "
                            "a_u = max(0, z_u).")


@exercise("ex-forward-2", chapter=CHAPTER, solution=exercise_output, decimals=OUTPUT_DECIMALS)
def check_exercise_output(answer) -> Feedback:
    """ex-forward-2: the network's output y_hat for x = (1, 3), to 3 decimal places."""
    expected = exercise_output()
    if unanswered(answer):
        return not_answered("the output y_hat (a number)")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number for y_hat; received {answer!r}.")
    if not matches(value, expected, decimals=OUTPUT_DECIMALS):
        for wrong, hint in _slips():
            if matches(value, wrong, decimals=OUTPUT_DECIMALS):
                return Feedback(False, f"y_hat = {value:.4g} is not it. {hint}")
    return check_number(value, expected, decimals=OUTPUT_DECIMALS, name="y_hat",
                        hint="Use the hidden activations from part (a): z = 2·a1 + (-1)·a2 + (-4), "
                             "then y_hat = sigmoid(z).")


#: exercise 3: a batch of this many 8x8 digits enters a 64-16-10 network
BATCH = 32


def _digit_network() -> Sequential:
    return Sequential([Dense(16, activation="relu", input_shape=(64,)), Dense(10, activation="softmax")])


def z1_shape() -> tuple:
    """The shape of Z1 for a batch of BATCH digits, read from forward_steps."""
    return tuple(_digit_network().forward_steps(np.zeros((BATCH, 64)))[0]["z"].shape)


@exercise("ex-forward-3", chapter=CHAPTER, solution=z1_shape)
def check_z1_shape(answer) -> Feedback:
    """ex-forward-3: the shape of Z1 (the first layer's weighted inputs) for a batch of 32 digits."""
    if unanswered(answer):
        return not_answered("a shape such as (3, 4)")
    model = _digit_network()
    expected = z1_shape()
    W1, b1 = model.get_weights()[:2]
    try:
        value = tuple(int(v) for v in answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a shape, a tuple of integers such as (3, 4); received {answer!r}.")
    if value == expected:
        return Feedback(True, f"Z1 has shape {expected}: one row per example, one column per hidden unit.")
    hints = {
        expected[::-1]: "Rows and columns are swapped. nnbook is batch-first: each row of Z1 is one example.",
        tuple(W1.shape): "That is the shape of W1 (inputs x units), not of Z1 = X W1 + b1.",
        (BATCH, 64): "That is the shape of X, the input. Multiplying by W1 (64, 16) changes the number of columns.",
        tuple(b1.shape): "That is the shape of b1; it is broadcast (copied) to every row of Z1.",
    }
    return Feedback(False, hints.get(value, f"{value} is not it. Write the shapes under Z1 = X W1 + b1: "
                                            f"X is ({BATCH}, 64), W1 is {tuple(W1.shape)}."))


#: exercise 4: the network whose multiplications the reader counts, and the batch size of its second part
MNIST_UNITS = (784, 16, 10)
BATCH_IMAGES = 100


def _mnist_network() -> Sequential:
    d, h, k = MNIST_UNITS
    return Sequential([Dense(h, activation="relu", input_shape=(d,)), Dense(k, activation="softmax")])


def multiplications() -> int:
    """Multiplications in one forward pass of one image: one per entry of W1 and W2."""
    return int(sum(W.size for W in _mnist_network().get_weights()[0::2]))


@exercise("ex-forward-4", chapter=CHAPTER, solution=multiplications)
def check_multiplications(answer) -> Feedback:
    """ex-forward-4: multiplications in one forward pass of ONE image through a 784-16-10 network
    (a whole number)."""
    d, h, k = MNIST_UNITS
    model = _mnist_network()
    weights = model.get_weights()
    expected = multiplications()
    if unanswered(answer):
        return not_answered("the number of multiplications (an integer)")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a whole number; received {answer!r}.")
    hints = {
        model.count_params(): "That counts the biases too. A bias is added, not multiplied: count only the "
                              "entries of W1 and W2.",
        weights[0].size: "That is the first layer only. The output layer multiplies 16 hidden activations "
                         "by 10 columns of weights as well.",
        d * k: "That skips the hidden layer: the inputs go to the 16 hidden units first, and only their "
                    "activations reach the 10 outputs.",
        BATCH_IMAGES * expected: f"That is the count for a batch of {BATCH_IMAGES} images. The check asks for "
                                 "ONE image; the batch needs that number times the batch size.",
    }
    if value != expected and int(value) in hints:
        return Feedback(False, f"{value:g} is not it. {hints[int(value)]}")
    return check_number(value, expected, rtol=0, atol=0.5, name="multiplications",
                        hint="Each unit multiplies each of its inputs by one weight: a layer with d inputs "
                             "and h units does d·h multiplications.")


#: exercise 7: the network and batch whose kept arrays the reader counts
CACHE_UNITS = (64, 32, 16, 10)
CACHE_BATCH = 100


def _cache_network() -> Sequential:
    d, *hidden, k = CACHE_UNITS
    layers = [Dense(hidden[0], activation="relu", input_shape=(d,))]
    layers += [Dense(h, activation="relu") for h in hidden[1:]] + [Dense(k, activation="softmax")]
    return Sequential(layers, seed=0)


def cached_floats() -> int:
    """The floats the Dense layers keep (X, Z, A of each; X of a layer is the A before it) after one forward
    pass of a batch of CACHE_BATCH examples, counted on the arrays nnbook actually holds."""
    model = _cache_network()
    model.predict(np.zeros((CACHE_BATCH, CACHE_UNITS[0])))
    arrays = {id(a): a.size for layer in model.layers for a in (layer._X, layer._Z, layer._A)}
    return int(sum(arrays.values()))


@exercise("ex-forward-7", chapter=CHAPTER, solution=cached_floats)
def check_cached_floats(answer) -> Feedback:
    """ex-forward-7: the floats kept for the backward pass when a batch of 100 examples goes through a
    64-32-16-10 network (a whole number)."""
    expected = cached_floats()
    if unanswered(answer):
        return not_answered("the number of floats (an integer)")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a whole number; received {answer!r}.")
    d, *units = CACHE_UNITS
    B = CACHE_BATCH
    hints = {
        B * (d + sum(units[:-1]) + 2 * sum(units)): "That counts each layer's input separately. The input of "
            "layer 2 is the output A of layer 1, the same array: count it once.",
        B * (d + sum(units)): "That keeps one array per layer. Each Dense layer keeps both its weighted inputs Z "
            "and its activations A.",
        B * 2 * sum(units): "That forgets the network's input X, which the first layer keeps too.",
        _cache_network().count_params(): "That is the number of parameters. The question is about the arrays the "
            "forward pass produces, which grow with the batch size.",
        d + 2 * sum(units): f"That is the count for one example. The batch has {B}.",
    }
    if value != expected and value == round(value) and int(value) in hints:
        return Feedback(False, f"{value:g} is not it. {hints[int(value)]}")
    return check_number(value, expected, rtol=0, atol=0.5, name="floats kept",
                        hint="B (d + 2 (h1 + h2 + h3)): the input once, then Z and A of every layer.")
