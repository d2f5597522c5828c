"""The shared self-check machinery: precision handling and the feedback box's contrast."""
import re

import numpy as np
import pytest

from nnbook.selfcheck._core import Feedback, check_array, check_number, half_unit, round_to


def _luminance(hex_colour):
    channels = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("verdict", [True, False, None])
def test_feedback_box_contrast_does_not_depend_on_the_theme(verdict):
    word, background = Feedback.COLOURS[verdict]
    html = Feedback(verdict, "message")._repr_html_()
    assert f"background:{background}" in html and "color:#1b1b1b" in html
    assert contrast(word, background) >= 4.5
    assert contrast("#1b1b1b", background) >= 4.5


@pytest.mark.parametrize("decimals, exact", [(3, 0.23147521650098238), (2, 0.6666666), (1, 12.26), (0, 2.5001)])
def test_every_correctly_rounded_answer_is_accepted(decimals, exact):
    rounded = round(exact, decimals)
    assert check_number(rounded, exact, decimals=decimals).correct is True
    assert check_number(exact, exact, decimals=decimals).correct is True
    unit = 10.0 ** -decimals
    assert check_number(rounded + unit, exact, decimals=decimals).correct is False
    assert check_number(rounded - unit, exact, decimals=decimals).correct is False


def test_significant_figures():
    assert check_number(0.0231, 0.023148, sig=3).correct is True
    assert check_number(0.0232, 0.023148, sig=3).correct is False
    assert check_number(1.23e5, 123_456.0, sig=3).correct is True
    assert round_to(123_456.0, sig=3) == 123_000.0
    assert round_to(0.023148, sig=2) == 0.023


def test_half_unit_and_round_to_agree():
    rng = np.random.default_rng(0)
    values = rng.uniform(-50, 50, size=200)
    for decimals in (0, 1, 2, 3):
        assert np.all(np.abs(round_to(values, decimals=decimals) - values) <= half_unit(values, decimals=decimals))
    for sig in (1, 2, 3, 4):
        assert np.all(np.abs(round_to(values, sig=sig) - values) <= half_unit(values, sig=sig))


def test_array_precision():
    exact = np.array([0.09003057, 0.24472847, 0.66524096])
    assert check_array([0.090, 0.245, 0.665], exact, decimals=3).correct is True
    fb = check_array([0.090, 0.246, 0.665], exact, decimals=3)
    assert fb.correct is False and re.search(r"index \(1,\)", fb.message)


def test_half_unit_needs_one_precision():
    with pytest.raises(TypeError, match="exactly one of decimals= or sig="):
        half_unit(1.0)


@pytest.mark.parametrize("answer, says", [
    (0.4285, "one step away"),          # 3/7 = 0.428571...: cut off instead of rounded
    (0.4287, "one step away"),          # one off in the last digit
    (0.43, "rounded to 2 decimal places"),
    (0.429, "rounded to 3 decimal places"),
])
def test_a_badly_rounded_right_value_is_told_about_the_rounding(answer, says):
    """check_number(decimals=...) names the rounding slip instead of repeating the method."""
    feedback = check_number(answer, 3 / 7, decimals=4, name="p", hint="Divide 3 by 7.")
    assert feedback.correct is False and says in feedback.message and "Divide" not in feedback.message


def test_the_method_hint_and_known_mistakes_still_come_first_where_they_apply():
    assert "Divide 3 by 7" in check_number(0.5, 3 / 7, decimals=4, hint="Divide 3 by 7.").message
    # a known wrong value close to the right one keeps its own explanation
    feedback = check_number(0.4290, 3 / 7, decimals=4, hint="Divide 3 by 7.", wrong={0.429: "That is 0.429 exactly."})
    assert "0.429 exactly" in feedback.message
    assert check_number(0.4286, 3 / 7, decimals=4).correct is True
    # without decimals (rtol/atol precision) there is no rounding talk
    assert "round" not in check_number(0.44, 3 / 7, hint="Divide 3 by 7.").message
