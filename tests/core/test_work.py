"""The one measure of what a computation costs (backprop_core/work.py): its estimates and searches."""

import pytest

from backprop_core import work

NETWORKS = [(2, 1), (2, 4, 1), (2, 8, 8, 8, 8, 8, 8, 3)]


@pytest.mark.parametrize("sizes", NETWORKS)
@pytest.mark.parametrize("batch", [0, 1, 10, 5000])
def test_fit_steps_is_the_last_update_within_the_budget(sizes, batch):
    for budget in (0.0, 1_000.0, work.PAGE, work.WORKER):
        steps = work.fit_steps(sizes, 700, batch, 300, budget)
        assert steps == 0 or work.fit(sizes, 700, batch, steps, 300) <= budget
        assert work.fit(sizes, 700, batch, steps + 1, 300) > budget


def test_every_estimate_grows_with_what_it_counts():
    assert work.train(2, 3) == pytest.approx(6 * work.train(1))

    def epochs(sizes, samples, batch, count, test=0):  # a run as long in epochs, the sizes grown
        return work.fit(sizes, samples, batch, count * -(-samples // batch), test)

    fit = [epochs((2, 8, 1), 200, 10, 5), epochs((2, 8, 8, 1), 200, 10, 5), epochs((2, 8, 8, 1), 400, 10, 5)]
    fit += [epochs((2, 8, 8, 1), 400, 10, 5, 100), epochs((2, 8, 8, 1), 400, 10, 9, 100)]
    assert fit == sorted(fit) and len(set(fit)) == len(fit)
    assert work.rnn(10, [4]) < work.rnn(10, [4, 8]) < work.rnn(20, [4, 8])
    assert work.grid(10, 20, 30) == pytest.approx(3000 * work.grid(1, 2, 1))
    assert work.relaxations(3) == pytest.approx(3 * work.relaxations(1))


def test_the_full_batch_is_the_whole_set_whatever_the_batch_says():
    full = work.fit((2, 4, 1), 100, 0, 50, 0)
    assert full == work.fit((2, 4, 1), 100, 100, 50, 0) == work.fit((2, 4, 1), 100, 10**6, 50, 0)


def test_seconds_as_the_pages_print_them():
    assert (work.seconds(work.PAGE), work.seconds(work.WORKER)) == ("0.1 s", "5 s")
