"""The decision-threshold explorer of the chapter on performance metrics.

A binary classifier outputs a score p (a probability from a sigmoid unit); a
decision threshold t turns it into a label, positive when p >= t. Moving t moves
examples between the cells of the confusion matrix, and with them precision,
recall, F1 and accuracy, and the point that represents the classifier on its ROC and
precision-recall curves. :class:`ThresholdExplorer` shows that live.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import datasets, metrics, preprocessing
from ..layers import Dense
from ..model import Sequential
from ._base import Explorer, slider

NEG_COLOR = "#1f77b4"
POS_COLOR = "#d62728"


def breast_cancer_scores(seed: int = 0):
    """Train the chapter's breast-cancer classifier and return its validation ``(scores, labels)``.

    Labels are recoded so that 1 = malignant (the positive class, the one to find) and
    0 = benign. The split (60% training, 20% validation, 20% test, stratified) and the
    network (30-8-1, ReLU then sigmoid, Adam, 30 epochs) are the chapter's.
    """
    X, y = datasets.load_breast_cancer()
    y = 1 - y
    X_rest, _, y_rest, _ = preprocessing.train_test_split(X, y, test_size=0.2, seed=seed, stratify=True)
    X_train, X_val, y_train, y_val = preprocessing.train_test_split(
        X_rest, y_rest, test_size=0.25, seed=seed + 1, stratify=True)
    scaler = preprocessing.StandardScaler().fit(X_train)
    model = Sequential([Dense(8, activation="relu"), Dense(1, activation="sigmoid")], seed=seed)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(scaler.transform(X_train), y_train, epochs=30, batch_size=32, verbose=0)
    return model.predict_proba(scaler.transform(X_val))[:, 0], y_val


def imbalanced_blobs(n_negative: int = 1900, n_positive: int = 100, seed: int = 1):
    """Two overlapping Gaussian clouds, 95% negatives around (0, 0) and 5% positives around (2, 2)."""
    X0, _ = datasets.make_blobs(n_negative, centers=[[0.0, 0.0]], std=1.0, seed=seed)
    X1, _ = datasets.make_blobs(n_positive, centers=[[2.0, 2.0]], std=1.0, seed=seed + 1)
    X = np.vstack([X0, X1])
    y = np.r_[np.zeros(n_negative, dtype=int), np.ones(n_positive, dtype=int)]
    return X, y


def imbalanced_scores(seed: int = 0):
    """Train chapter 13's classifier on :func:`imbalanced_blobs`; return its validation ``(scores, labels)``.

    The split (60% training, 20% validation, 20% test, stratified) and the network
    (2-8-1, ReLU then sigmoid, Adam, 200 epochs) are the chapter's; the scores are those
    of the validation set, on which the chapter chooses its threshold.
    """
    X, y = imbalanced_blobs()
    X_rest, _, y_rest, _ = preprocessing.train_test_split(X, y, test_size=0.2, seed=seed, stratify=True)
    X_train, X_val, y_train, y_val = preprocessing.train_test_split(
        X_rest, y_rest, test_size=0.25, seed=seed + 1, stratify=True)
    model = Sequential([Dense(8, activation="relu"), Dense(1, activation="sigmoid")], seed=seed)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(X_train, y_train, epochs=200, batch_size=32, verbose=0)
    return model.predict_proba(X_val)[:, 0], y_val


class _TrainedOnFirstUse(dict):
    """A dict of name -> (scores, labels) whose values start as functions that
    compute the pair; a value is computed the first time it is looked up, and kept."""

    def __getitem__(self, name):
        value = super().__getitem__(name)
        if callable(value):
            value = value()
            self[name] = value
        return value


class ThresholdExplorer(Explorer):
    """Move a decision threshold and watch the confusion matrix, precision, recall, F1 and
    the threshold's point on the ROC and precision-recall curves.

    Top left: the scores p of the negative (blue) and positive (red) examples, each
    histogram as a share of its own class, with the threshold as a vertical line;
    everything right of the line is predicted positive. Top right: precision, recall
    and F1 for every threshold, with a marker at the current one. Bottom: the ROC curve
    (recall, the true positive rate TP/P, against the false positive rate FP/N) with its
    area (AUC); the precision-recall curve with its average precision (AP); both with a
    marker at the current threshold's point; and the confusion matrix (rows: true class,
    columns: predicted class) as a 2x2 heat map with its counts. The curves come from
    :func:`nnbook.metrics.roc_curve` and :func:`nnbook.metrics.precision_recall_curve`
    (every distinct score a threshold, positive when p >= t), computed once per data set;
    moving the threshold only moves the markers.

    Give your own ``scores`` (probabilities of the positive class) and ``labels``
    (0 or 1), or leave them out to get two built-in classifiers: the chapter's
    breast-cancer network and a network trained on imbalanced blobs with 5%
    positives (both on their validation sets).

    Things to try: slide the threshold towards 0 and watch recall reach 1 while
    precision falls, and the ROC point climb to the top right corner; slide it towards 1
    for the reverse. On the imbalanced data, notice that accuracy hardly moves while
    recall swings from 0 to 1, and that the ROC curve looks better than the PR curve.
    """

    alt_text = ("Five panels. Top left: overlapping histograms of predicted scores for the negative class "
                "(blue) and the positive class (red) with a vertical line at the decision threshold. "
                "Top right: precision, recall and F1 plotted against the threshold, with markers at the "
                "current threshold. Bottom left: the ROC curve, recall against false positive rate, with "
                "its area in the title and a marker at the current threshold. Bottom middle: the "
                "precision-recall curve with its average precision in the title and a marker at the "
                "current threshold. Bottom right: a 2 by 2 confusion matrix heat map with the counts of "
                "true negatives, false positives, false negatives and true positives.")

    BINS = np.linspace(0.0, 1.0, 21)
    GRID = np.linspace(0.0, 1.0, 101)
    #: the smallest font of the picture, in points: 9 pt at dpi 90 is 11.25 px, and the
    #: 7.5 in (675 px) figure is shown at full size in a column 700 px wide
    SMALL = 9

    def __init__(self, scores=None, labels=None, *, threshold: float = 0.5,
                 class_names=("negative", "positive")):
        super().__init__(figsize=(7.5, 5.8))
        if scores is None:
            # each built-in classifier is trained the first time it is shown, not before
            self.data = _TrainedOnFirstUse({
                "breast cancer (validation)": breast_cancer_scores,
                "imbalanced blobs (5% positive)": imbalanced_scores,
            })
        else:
            if labels is None:
                raise ValueError("ThresholdExplorer expected labels (0 or 1) together with scores.")
            s = np.asarray(scores, dtype=float).ravel()
            t = np.asarray(labels).ravel().astype(int)
            if len(s) != len(t):
                raise ValueError(f"scores and labels expected the same length; received {len(s)} and {len(t)}.")
            if not set(np.unique(t).tolist()) <= {0, 1}:
                raise ValueError("ThresholdExplorer expected labels 0 (negative) and 1 (positive).")
            if s.min() < 0 or s.max() > 1:
                raise ValueError("ThresholdExplorer expected scores between 0 and 1 (probabilities).")
            self.data = {"your scores": (s, t)}
        self.class_names = class_names
        self._curves = {}

        self.add_control("threshold", slider(threshold, 0.0, 1.0, 0.01, "decision threshold t"))
        self.add_control("data", widgets.Dropdown(options=list(self.data), value=list(self.data)[0],
                                                  description="classifier",
                                                  style={"description_width": "initial"}))

        small = self.SMALL
        grid = self.figure.add_gridspec(2, 6, height_ratios=[1.0, 1.1])
        self.ax_hist = self.figure.add_subplot(grid[0, 0:3])
        self.ax_curve = self.figure.add_subplot(grid[0, 3:6])
        self.ax_roc = self.figure.add_subplot(grid[1, 0:2])
        self.ax_pr = self.figure.add_subplot(grid[1, 2:4])
        self.ax_cm = self.figure.add_subplot(grid[1, 4:6])

        zeros = np.zeros(len(self.BINS) - 1)
        self.neg_hist = self.ax_hist.stairs(zeros, self.BINS, fill=True, alpha=0.45, color=NEG_COLOR,
                                            label=f"class 0 ({class_names[0]})")
        self.pos_hist = self.ax_hist.stairs(zeros, self.BINS, fill=True, alpha=0.45, color=POS_COLOR,
                                            label=f"class 1 ({class_names[1]})")
        self.hist_line = self.ax_hist.axvline(threshold, color="black", linewidth=2)
        self.ax_hist.set_xlim(0, 1)
        self.ax_hist.set_xlabel("score p  (predicted 1 if p \u2265 t)")
        self.ax_hist.set_ylabel("share of its class")
        self.ax_hist.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=small,
                            frameon=False, handlelength=1.2, columnspacing=1.0)

        self.prec_line, = self.ax_curve.plot(self.GRID, self.GRID * 0, color="#9467bd", label="precision")
        self.rec_line, = self.ax_curve.plot(self.GRID, self.GRID * 0, color="#2ca02c", label="recall")
        self.f1_line, = self.ax_curve.plot(self.GRID, self.GRID * 0, color="#7f7f7f", linestyle="--",
                                           label="F1")
        self.curve_vline = self.ax_curve.axvline(threshold, color="black", linewidth=1)
        self.markers, = self.ax_curve.plot([threshold] * 3, [0, 0, 0], "o", color="black", markersize=5)
        self.ax_curve.set_xlim(0, 1)
        self.ax_curve.set_ylim(-0.03, 1.05)
        self.ax_curve.set_xlabel("threshold t")
        self.ax_curve.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=small,
                             frameon=False, handlelength=1.5, columnspacing=1.0)

        self.ax_roc.plot([0, 1], [0, 1], color="#b0b0b0", linestyle=":", linewidth=1)   # chance
        self.roc_line, = self.ax_roc.plot([0, 1], [0, 1], color="#ff7f0e", linewidth=1.6)
        self.roc_marker, = self.ax_roc.plot([0], [0], "o", color="black", markersize=6)

        self.pr_base = self.ax_pr.axhline(0.5, color="#b0b0b0", linestyle=":", linewidth=1)  # prevalence
        self.pr_line, = self.ax_pr.plot([0, 1], [1, 0], color="#8c564b", linewidth=1.6, drawstyle="steps-post")
        self.pr_marker, = self.ax_pr.plot([0], [1], "o", color="black", markersize=6)
        for ax, xlabel, ylabel in ((self.ax_roc, "false pos. rate", "recall (TPR)"),
                                   (self.ax_pr, "recall", "precision")):
            ax.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.04), xlabel=xlabel, ylabel=ylabel, aspect="equal")

        self.cm_image = self.ax_cm.imshow(np.zeros((2, 2)), cmap="Blues", vmin=0, vmax=1)
        names = [["TN", "FP"], ["FN", "TP"]]
        self.cm_texts = [[self.ax_cm.text(j, i, names[i][j], ha="center", va="center", fontsize=11)
                          for j in range(2)] for i in range(2)]
        self.ax_cm.set_xticks([0, 1], ["pred. 0", "pred. 1"])
        self.ax_cm.set_yticks([0, 1], ["true 0", "true 1"], rotation=90, va="center")
        self.ax_cm.set_title("confusion matrix", fontsize=10)
        self._shown_data = None
        self.start()

    def _curve(self, scores, labels):
        """Everything that depends on the data set but not on the threshold: precision,
        recall and F1 at every threshold of GRID (0 where undefined), the ROC and PR curves
        over every distinct score, their areas (AUC, AP) and the share of positives."""
        rows = []
        for t in self.GRID:
            pred = (scores >= t).astype(int)
            rows.append([metrics.precision_score(labels, pred, zero_division=0.0),
                         metrics.recall_score(labels, pred, zero_division=0.0),
                         metrics.f1_score(labels, pred, zero_division=0.0)])
        fpr, tpr, _ = metrics.roc_curve(labels, scores, drop_intermediate=False)
        precision, recall, _ = metrics.precision_recall_curve(labels, scores)
        return {"grid": np.array(rows), "fpr": fpr, "tpr": tpr, "precision": precision, "recall": recall,
                "auc": metrics.roc_auc_score(labels, scores),
                "ap": metrics.average_precision_score(labels, scores),
                "prevalence": float(np.mean(labels))}

    def draw(self, threshold, data):
        scores, labels = self.data[data]
        if data not in self._curves:
            self._curves[data] = self._curve(scores, labels)
        curves = self._curves[data]
        if data != self._shown_data:
            for hist, cls in ((self.neg_hist, 0), (self.pos_hist, 1)):
                s = scores[labels == cls]
                counts, _ = np.histogram(s, bins=self.BINS)
                hist.set_data(counts / max(len(s), 1))
            top = max(self.neg_hist.get_data().values.max(), self.pos_hist.get_data().values.max())
            self.ax_hist.set_ylim(0, 1.25 * top)
            for line, col in zip((self.prec_line, self.rec_line, self.f1_line), range(3)):
                line.set_ydata(curves["grid"][:, col])
            self.roc_line.set_data(curves["fpr"], curves["tpr"])
            # in the returned order (recall falling), steps-post draws each precision over the recall
            # interval it multiplies in AP = sum_n (R_n - R_(n-1)) P_n
            self.pr_line.set_data(curves["recall"], curves["precision"])
            self.pr_base.set_ydata([curves["prevalence"]] * 2)
            self.ax_roc.set_title(f"ROC, AUC = {curves['auc']:.3f}", fontsize=10)
            self.ax_pr.set_title(f"PR, AP = {curves['ap']:.3f}", fontsize=10)
            self._shown_data = data

        pred = (scores >= threshold).astype(int)
        cm = metrics.confusion_matrix(labels, pred, labels=[0, 1])
        tn, fp, fn, tp = (int(v) for v in cm.ravel())
        precision = metrics.precision_score(labels, pred, zero_division=0.0)
        recall = metrics.recall_score(labels, pred, zero_division=0.0)
        f1 = metrics.f1_score(labels, pred, zero_division=0.0)
        accuracy = metrics.accuracy_score(labels, pred)
        fpr = fp / max(fp + tn, 1)

        self.hist_line.set_xdata([threshold, threshold])
        self.curve_vline.set_xdata([threshold, threshold])
        self.markers.set_data([threshold] * 3, [precision, recall, f1])
        self.roc_marker.set_data([fpr], [recall])
        # with nothing predicted positive, precision is undefined: no point on the PR curve
        self.pr_marker.set_data([recall], [precision])
        self.pr_marker.set_visible(tp + fp > 0)
        # each row shaded by its share of that true class, so both rows stay readable when one class is rare
        shares = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
        self.cm_image.set_data(shares)
        names = [["TN", "FP"], ["FN", "TP"]]
        for i in range(2):
            for j in range(2):
                text = self.cm_texts[i][j]
                text.set_text(f"{names[i][j]}\n{cm[i, j]}")
                text.set_color("white" if shares[i, j] > 0.6 else "black")

        self.state = {"threshold": float(threshold), "data": data, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                      "precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy,
                      "fpr": fpr, "auc": curves["auc"], "ap": curves["ap"],
                      "predicted_positive": int(pred.sum())}
        self.readout.value = (f"t = {threshold:.2f}: TP {tp}, FP {fp}, FN {fn}, TN {tn} &nbsp;|&nbsp; "
                              f"precision <b>{precision:.3f}</b>, recall <b>{recall:.3f}</b>, "
                              f"F1 <b>{f1:.3f}</b>, accuracy {accuracy:.3f}, false positive rate "
                              f"{fpr:.3f} &nbsp;|&nbsp; AUC {curves['auc']:.3f}, AP {curves['ap']:.3f}")


def threshold_explorer(scores=None, labels=None, **kw) -> ThresholdExplorer:
    """Factory: ``threshold_explorer()`` or ``threshold_explorer(p_val, y_val)``."""
    return ThresholdExplorer(scores, labels, **kw)
