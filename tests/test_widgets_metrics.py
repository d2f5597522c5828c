"""Tests of the decision-threshold explorer (chapter 13): drive the controls, check the picture."""
import numpy as np
import pytest
import sklearn.metrics as skm
from matplotlib.text import Text

from _readability import on_screen_px

from _explorers import explorer_fixture
from nnbook.widgets.metrics import ThresholdExplorer, imbalanced_blobs

SCORES = np.array([0.05, 0.15, 0.30, 0.45, 0.55, 0.62, 0.70, 0.80, 0.90, 0.97, 0.35, 0.52])
LABELS = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0])


def counts(t):
    pred = SCORES >= t
    tp = int(np.sum(pred & (LABELS == 1)))
    fp = int(np.sum(pred & (LABELS == 0)))
    fn = int(np.sum(~pred & (LABELS == 1)))
    tn = int(np.sum(~pred & (LABELS == 0)))
    return tp, fp, fn, tn


# one explorer per worker, put back at its starting values before each test
ex = explorer_fixture(lambda: ThresholdExplorer(SCORES, LABELS))


@pytest.mark.parametrize("t", [0.5, 0.0, 0.33, 0.6, 0.95, 1.0])
def test_threshold_moves_counts_and_scores(ex, t):
    ex.controls["threshold"].value = t
    tp, fp, fn, tn = counts(t)
    s = ex.state
    assert (s["tp"], s["fp"], s["fn"], s["tn"]) == (tp, fp, fn, tn)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert s["precision"] == pytest.approx(precision)
    assert s["recall"] == pytest.approx(recall)
    assert s["f1"] == pytest.approx(f1)
    assert s["accuracy"] == pytest.approx((tp + tn) / len(LABELS))
    # the picture: threshold lines, markers on the curves, counts in the matrix cells
    assert ex.hist_line.get_xdata()[0] == pytest.approx(t)
    assert ex.curve_vline.get_xdata()[0] == pytest.approx(t)
    assert np.allclose(ex.markers.get_ydata(), [precision, recall, f1])
    texts = [[ex.cm_texts[i][j].get_text() for j in range(2)] for i in range(2)]
    assert texts == [[f"TN\n{tn}", f"FP\n{fp}"], [f"FN\n{fn}", f"TP\n{tp}"]]
    shades = ex.cm_image.get_array()
    assert shades[1, 1] == pytest.approx(tp / (tp + fn))
    assert shades[0, 1] == pytest.approx(fp / (fp + tn))
    assert f"precision <b>{precision:.3f}</b>" in ex.readout.value
    # the threshold's point on the ROC curve (FP/N, TP/P) and on the PR curve (recall, precision)
    fpr = fp / (fp + tn)
    assert np.allclose(np.r_[ex.roc_marker.get_xdata(), ex.roc_marker.get_ydata()], [fpr, recall])
    curve = np.c_[ex.roc_line.get_xdata(), ex.roc_line.get_ydata()]
    assert np.any(np.all(np.isclose(curve, [fpr, recall]), axis=1))          # a vertex of the drawn curve
    if tp + fp:
        assert ex.pr_marker.get_visible()
        assert np.allclose(np.r_[ex.pr_marker.get_xdata(), ex.pr_marker.get_ydata()], [recall, precision])
        pr = np.c_[ex.pr_line.get_xdata(), ex.pr_line.get_ydata()]
        assert np.any(np.all(np.isclose(pr, [recall, precision]), axis=1))
    else:
        assert not ex.pr_marker.get_visible()                                  # precision undefined


def test_extremes_of_the_threshold(ex):
    ex.controls["threshold"].value = 0.0     # every example positive
    assert ex.state["recall"] == 1.0
    assert ex.state["precision"] == pytest.approx(LABELS.mean())
    ex.controls["threshold"].value = 0.99    # nothing reaches it: no positives predicted
    assert ex.state["predicted_positive"] == 0
    assert ex.state["recall"] == 0.0 and ex.state["precision"] == 0.0


def test_raising_threshold_trades_recall_for_precision(ex):
    ex.controls["threshold"].value = 0.3
    low = dict(ex.state)
    ex.controls["threshold"].value = 0.75
    high = dict(ex.state)
    assert high["recall"] < low["recall"]
    assert high["precision"] > low["precision"]


def test_histograms_and_curves(ex):
    neg = ex.neg_hist.get_data().values
    pos = ex.pos_hist.get_data().values
    expected_pos, _ = np.histogram(SCORES[LABELS == 1], bins=np.linspace(0, 1, 21))
    assert np.allclose(pos, expected_pos / 6)
    assert neg.sum() == pytest.approx(1.0)
    # precision curve at t = 0.5 (grid point 50)
    tp, fp, fn, tn = counts(0.5)
    assert ex.prec_line.get_ydata()[50] == pytest.approx(tp / (tp + fp))
    assert ex.rec_line.get_ydata()[50] == pytest.approx(tp / (tp + fn))


def test_bad_inputs():
    with pytest.raises(ValueError):
        ThresholdExplorer(SCORES, None)
    with pytest.raises(ValueError):
        ThresholdExplorer(SCORES * 2, LABELS)
    with pytest.raises(ValueError):
        ThresholdExplorer(SCORES, LABELS + 1)


def test_imbalanced_blobs_are_five_percent_positive():
    X, y = imbalanced_blobs()
    assert X.shape == (2000, 2)
    assert y.mean() == pytest.approx(0.05)


def test_builtin_classifiers_and_data_control():
    ex = ThresholdExplorer()
    assert list(ex.controls) == ["threshold", "data"]
    bc = dict(ex.state)
    assert bc["tp"] + bc["fn"] == 43 and bc["tn"] + bc["fp"] == 71     # stratified validation set
    assert bc["accuracy"] > 0.9
    ex.controls["data"].value = "imbalanced blobs (5% positive)"
    s = ex.state
    assert s["tp"] + s["fn"] == 20 and s["tn"] + s["fp"] == 380         # stratified validation set
    # accuracy stays high at every threshold while recall swings from 1 towards 0
    recalls, accuracies = [], []
    for t in (0.01, 0.5, 0.99):
        ex.controls["threshold"].value = t
        recalls.append(ex.state["recall"])
        accuracies.append(ex.state["accuracy"])
    assert recalls[0] == 1.0 and recalls[-1] < recalls[1] < 1.0
    assert min(accuracies[1:]) > 0.9
    assert ex.neg_hist.get_data().values.sum() == pytest.approx(1.0)


def test_builtin_classifier_trained_only_when_shown():
    ex = ThresholdExplorer()
    name = "imbalanced blobs (5% positive)"
    assert callable(dict.__getitem__(ex.data, name))        # not trained yet: building the page stays fast
    ex.controls["data"].value = name
    scores, labels = dict.__getitem__(ex.data, name)        # trained once, then kept
    assert scores.shape == labels.shape == (400,)
    assert ex.state["tp"] + ex.state["fn"] == 20


def test_roc_and_pr_panels_match_scikit_learn(ex):
    fpr, tpr, _ = skm.roc_curve(LABELS, SCORES, drop_intermediate=False)
    assert np.allclose(ex.roc_line.get_xdata(), fpr) and np.allclose(ex.roc_line.get_ydata(), tpr)
    precision, recall, _ = skm.precision_recall_curve(LABELS, SCORES)
    assert np.allclose(ex.pr_line.get_xdata(), recall) and np.allclose(ex.pr_line.get_ydata(), precision)
    auc, ap = skm.roc_auc_score(LABELS, SCORES), skm.average_precision_score(LABELS, SCORES)
    assert ex.state["auc"] == pytest.approx(auc) and ex.state["ap"] == pytest.approx(ap)
    assert ex.ax_roc.get_title() == f"ROC, AUC = {auc:.3f}"
    assert ex.ax_pr.get_title() == f"PR, AP = {ap:.3f}"
    assert ex.pr_base.get_ydata()[0] == pytest.approx(LABELS.mean())      # a random ranking's precision


def test_every_text_at_least_11_px(ex):
    """Issue 9: every label and number of the picture renders at >= 11 px in a 700 px column."""
    fig = ex.figure
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert len(texts) > 20
    for t in texts:
        assert on_screen_px(fig, t) >= 11, (t.get_text(), t.get_fontsize())


def test_flipbook_frames_differ(ex):
    ex.controls["threshold"].value = 0.5
    book = ex.flipbook("threshold", [0.1, 0.5, 0.9])
    pictures = [frame.children[-1].value for frame in book.stack.children]
    assert len(set(pictures)) == 3
    assert ex.controls["threshold"].value == 0.5                           # the explorer is left as it was


def test_gallery_frames_differ(ex):
    book = ex.gallery({"low": {"threshold": 0.2}, "middle": {"threshold": 0.5}, "high": {"threshold": 0.8}})
    pictures = [frame.children[-1].value for frame in book.stack.children]
    assert len(set(pictures)) == 3
