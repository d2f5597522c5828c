"""Plotting helpers shared by the chapters and the explorers.

Every function draws on a matplotlib ``Axes`` it is given (or a new one) and
returns what it drew, so an explorer can update the same artists when a slider
moves instead of redrawing from scratch.
"""
from __future__ import annotations

import numpy as np

CLASS_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(5, 4))
    return ax


def grid_for(X, resolution: int = 150, margin: float = 0.5):
    """A (resolution x resolution) grid covering the 2-D points X: returns ``xx, yy, points``."""
    X = np.asarray(X, dtype=float)
    lo = X.min(axis=0) - margin
    hi = X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def scatter_classes(X, y, ax=None, *, size: float = 22, alpha: float = 0.9):
    """Scatter 2-D points coloured and shaped by class (shapes keep classes apart in grey print)."""
    ax = _axes(ax)
    X, y = np.asarray(X), np.asarray(y)
    artists = []
    for i, label in enumerate(np.unique(y)):
        pts = X[y == label]
        artists.append(ax.scatter(pts[:, 0], pts[:, 1], s=size, c=CLASS_COLORS[i % 10],
                                  marker=MARKERS[i % 10], edgecolors="white", linewidths=0.5,
                                  alpha=alpha, label=f"class {label}"))
    return artists


def plot_decision_boundary(predict, X, y=None, ax=None, *, resolution: int = 150, margin: float = 0.5,
                           threshold: float = 0.5):
    """Shade the regions a classifier assigns to each class, with the data on top.

    ``predict`` is a model (its ``predict`` is used) or a function from an
    (n, 2) array to outputs: one column of probabilities (class 1 where
    p >= threshold) or one column per class (argmax). Returns the contour set.
    """
    ax = _axes(ax)
    fn = predict.predict if hasattr(predict, "predict") else predict
    xx, yy, pts = grid_for(X, resolution, margin)
    out = np.asarray(fn(pts))
    if out.ndim == 1:
        out = out[:, None]
    labels = (out[:, 0] >= threshold).astype(int) if out.shape[1] == 1 else out.argmax(axis=1)
    k = max(2, out.shape[1])
    from matplotlib.colors import ListedColormap
    cmap = ListedColormap([CLASS_COLORS[i] for i in range(k)])
    cs = ax.contourf(xx, yy, labels.reshape(xx.shape), levels=np.arange(k + 1) - 0.5, cmap=cmap, alpha=0.22)
    if y is not None:
        scatter_classes(X, y, ax)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return cs


def plot_history(history, keys=("loss", "val_loss"), ax=None, *, logy: bool = False):
    """Plot per-epoch curves from a ``History`` (or its dict). Returns the lines."""
    ax = _axes(ax)
    data = history.history if hasattr(history, "history") else history
    lines = []
    for key in keys:
        if key in data:
            style = "--" if key.startswith("val_") else "-"
            lines += ax.plot(np.arange(1, len(data[key]) + 1), data[key], style, label=key)
    ax.set_xlabel("epoch")
    ax.set_ylabel(", ".join(k for k in keys if k in data))
    if logy:
        ax.set_yscale("log")
    if lines:
        ax.legend()
    return lines


def draw_network(weights, ax=None, *, layer_names=None, node_labels=None, max_width: float = 6.0):
    """Draw a fully connected network from its weight matrices (W1, W2, ...).

    Each line is a connection: blue for a positive weight, red (dashed) for a negative one,
    its thickness proportional to ``|w|``. Returns the list of line artists.
    """
    ax = _axes(ax)
    sizes = [weights[0].shape[0]] + [W.shape[1] for W in weights]
    biggest = max(np.abs(W).max() for W in weights) or 1.0
    pos = []
    for i, n in enumerate(sizes):
        ys = np.linspace(0, 1, n + 2)[1:-1] if n > 1 else np.array([0.5])
        pos.append(np.column_stack([np.full(n, float(i)), ys[::-1]]))
    lines = []
    for layer, W in enumerate(weights):
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                w = W[i, j]
                (a, b) = pos[layer][i], pos[layer + 1][j]
                lines += ax.plot([a[0], b[0]], [a[1], b[1]], color="#1f5fbf" if w >= 0 else "#c0392b",
                                 linestyle="-" if w >= 0 else "--",
                                 linewidth=0.3 + max_width * abs(w) / biggest, zorder=1)
    for i, p in enumerate(pos):
        ax.scatter(p[:, 0], p[:, 1], s=500, c="white", edgecolors="black", zorder=2)
        if node_labels is not None and node_labels[i] is not None:
            for (x_, y_), text in zip(p, node_labels[i]):
                ax.text(x_, y_, text, ha="center", va="center", fontsize=9, zorder=3)
    names = layer_names or (["input"] + [f"hidden {i}" for i in range(1, len(sizes) - 1)] + ["output"])
    for i, name in enumerate(names):
        ax.text(i, -0.04, name, ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-0.12, 1.05)
    ax.axis("off")
    return lines


def plot_digits(images, labels=None, *, predictions=None, ncols: int = 10, axes=None, size: int = 8):
    """Show flattened square images (rows of 64 or 784 pixels) in a grid, with titles."""
    import matplotlib.pyplot as plt
    images = np.asarray(images)
    n = len(images)
    nrows = int(np.ceil(n / ncols))
    if axes is None:
        fig, axes = plt.subplots(nrows, ncols, figsize=(1.1 * ncols, 1.3 * nrows), squeeze=False)
    axes = np.ravel(axes)
    side = int(round(np.sqrt(images.shape[1])))
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i].reshape(side, side), cmap="gray_r", interpolation="nearest")
        title = []
        if labels is not None:
            title.append(f"{labels[i]}")
        if predictions is not None:
            title.append(f"→{predictions[i]}")
        if title:
            wrong = predictions is not None and labels is not None and predictions[i] != labels[i]
            ax.set_title(" ".join(title), fontsize=9, color="#c0392b" if wrong else "black")
    return axes
