"""Agreement statistics against published worked examples."""

import pytest

from softlanding.lib.agreement import agreement, cohen_kappa, krippendorff_alpha, percent_agreement


def _wikipedia_kappa():
    # Cohen's kappa, Wikipedia's worked example: 50 proposals; both yes 20, A yes B no 5, A no B yes 10,
    # both no 15. po = 0.7, pe = 0.5, kappa = 0.4.
    first = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    second = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    return first, second


def test_cohens_kappa_matches_the_worked_example():
    first, second = _wikipedia_kappa()
    assert percent_agreement(first, second) == pytest.approx(0.7)
    assert cohen_kappa(first, second) == pytest.approx(0.4)


def test_cohens_kappa_matches_scikit_learn():
    from sklearn.metrics import cohen_kappa_score

    first = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1]
    second = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1]
    assert cohen_kappa(first, second) == pytest.approx(cohen_kappa_score(first, second))


def test_krippendorffs_alpha_matches_krippendorffs_binary_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section A: two observers, ten
    # units, binary data; alpha = 0.095.
    first = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    second = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(first, second) == pytest.approx(0.095, abs=0.0005)


def test_perfect_agreement_and_undefined_cases():
    assert cohen_kappa([1, 0, 1], [1, 0, 1]) == pytest.approx(1.0)
    assert krippendorff_alpha([1, 0, 1], [1, 0, 1]) == pytest.approx(1.0)
    same = agreement([1, 1, 1], [1, 1, 1])  # no variation: chance agreement is 1, kappa and alpha undefined
    assert (same.percent, same.kappa, same.alpha, same.agreed, same.n) == (1.0, None, None, 3, 3)
    assert percent_agreement([], []) is None
    with pytest.raises(ValueError):
        percent_agreement([1], [1, 0])
