"""The check of notebook 06: right updates pass, typical wrong updates are named."""

import numpy as np
import pytest
from exercises_support import JAPANESE, assert_correct_in_japanese, assert_not_yet_in_japanese

from nnlib.exercises import ExerciseFailed
from nnlib.exercises import training as checks
from nnlib.exercises.training import check_update
from nnlib.i18n import placeholders
from nnlib.two_layer_net import TwoLayerNet

# The checkers without their printing wrapper (nnlib.exercises.exercise): a wrong answer
# raises ExerciseFailed, so each diagnosis can be asserted.
check_update = check_update.__wrapped__

KEYS = ("W1", "b1", "W2", "b2")

# --- right answers ------------------------------------------------------------------


def update_slides(network, grad, learning_rate):
    for key in ("W1", "b1", "W2", "b2"):
        network.params[key] -= learning_rate * grad[key]


def update_replacing(network, grad, learning_rate):
    for key in ("W1", "b1", "W2", "b2"):
        network.params[key] = network.params[key] - learning_rate * grad[key]


def update_items(network, grad, learning_rate):
    for key, param in network.params.items():
        param -= learning_rate * grad[key]  # in place: the dict's own array


def update_new_dict(network, grad, learning_rate):
    network.params = {key: value - learning_rate * grad[key] for key, value in network.params.items()}


def update_np_subtract(network, grad, learning_rate):
    for key in grad:
        np.subtract(network.params[key], learning_rate * grad[key], out=network.params[key])


@pytest.mark.parametrize("answer", [update_slides, update_items, update_np_subtract])
def test_in_place_updates_pass(answer, capsys):
    check_update(answer)
    out = capsys.readouterr().out
    assert out.startswith("✓ Correct:")
    assert "in place" in out


@pytest.mark.parametrize("answer", [update_replacing, update_new_dict])
def test_replacing_the_arrays_passes_and_says_so(answer, capsys):
    check_update(answer)
    out = capsys.readouterr().out
    assert out.startswith("✓ Correct:")
    assert "replaced by new arrays" in out


# --- wrong answers ------------------------------------------------------------------


def update_plus(network, grad, learning_rate):
    for key in KEYS:
        network.params[key] += learning_rate * grad[key]


def update_no_lr(network, grad, learning_rate):
    for key in KEYS:
        network.params[key] -= grad[key]


def update_plus_no_lr(network, grad, learning_rate):
    for key in KEYS:
        network.params[key] += grad[key]


def update_fixed_lr(network, grad, lr):
    for key in KEYS:
        network.params[key] -= 0.1 * grad[key]


def update_weights_only(network, grad, learning_rate):
    for key in ("W1", "W2"):
        network.params[key] -= learning_rate * grad[key]


def update_rebinding(network, grad, learning_rate):
    for key in KEYS:
        param = network.params[key]
        param = param - learning_rate * grad[key]  # noqa: F841  (the mistake under test)


def update_returning(network, grad, learning_rate):
    return {key: network.params[key] - learning_rate * grad[key] for key in KEYS}


def update_twice(network, grad, learning_rate):
    for _ in range(2):
        for key in KEYS:
            network.params[key] -= learning_rate * grad[key]


def update_per_batch(network, grad, learning_rate):
    batch_size = 5  # the check's batch: dividing by it a second time
    for key in KEYS:
        network.params[key] -= learning_rate * grad[key] / batch_size


def update_scaling_grad(network, grad, learning_rate):
    for key in KEYS:
        grad[key] *= learning_rate
        network.params[key] -= grad[key]


def update_replacing_by_step(network, grad, learning_rate):
    for key in KEYS:
        network.params[key] = -learning_rate * grad[key]


def update_lr_squared(network, grad, learning_rate):
    for key in KEYS:
        network.params[key] -= learning_rate * learning_rate * grad[key]


def update_wrong_key(network, grad, learning_rate):
    for key in KEYS:
        network.params[key] -= learning_rate * grad["W1"]


def update_wrong_key_replacing(network, grad, learning_rate):
    update_slides(network, grad, learning_rate)
    network.params["b1"] = network.params["b1"] - learning_rate * grad["W1"]  # (3,) - (4, 3) broadcasts


def update_mixed_up(network, grad, learning_rate):
    network.params["W1"] -= learning_rate * grad["W1"]
    network.params["b1"] -= learning_rate * grad["b2"][0]  # a number: moves b1, not along grad['b1']
    network.params["W2"] -= learning_rate * grad["W2"]
    network.params["b2"] -= learning_rate * grad["b2"]


def update_deleting(network, grad, learning_rate):
    update_slides(network, grad, learning_rate)
    del network.params["b2"]


def update_half(network, grad, learning_rate):
    for key in KEYS:
        network.params[key] -= 0.5 * learning_rate * grad[key]


network = TwoLayerNet(4, 3, 2, rng=np.random.default_rng(0))  # a notebook's global `network`


def update_global(net, grad, learning_rate):
    for key in KEYS:
        network.params[key] -= learning_rate * grad[key]


grad = {key: np.ones((784, 50)) for key in KEYS}  # a notebook's global `grad`, from its training loop


def update_global_grad(network, g, learning_rate):
    for key in KEYS:
        network.params[key] -= learning_rate * grad[key]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (update_plus, "every parameter moved UP the gradient (+= instead of -=)"),
        (update_no_lr, "the learning rate is missing"),
        (update_plus_no_lr, "+= instead of -=, and no learning rate"),
        (update_fixed_lr, "uses a fixed 0.1"),
        (update_weights_only, "only W1, W2 moved; b1, b2 did not"),
        (update_rebinding, "gives it a local name"),
        (update_returning, "returned a dict"),
        (update_twice, "ran twice"),
        (update_per_batch, "divided by the batch size"),
        (update_scaling_grad, "changed the gradient itself"),
        (update_replacing_by_step, "replaced by the step"),
        (update_lr_squared, "learning rate was applied twice"),
        (update_wrong_key, "raised ValueError"),
        (update_wrong_key_replacing, "params['b1'] now has shape (4, 3) instead of (3,)"),
        (update_mixed_up, "params['b1'] did not move along its own gradient"),
        (update_deleting, "lost ['b2']"),
        (update_global, "global `network`"),
        (update_global_grad, "global `grad`"),
        (lambda network, grad: None, "raised TypeError"),
        (
            update_half,
            "every parameter moved by -0.015 * grad; one step is -learning_rate * grad = -0.03 * grad",
        ),
    ],
)
def test_wrong_updates_are_named(answer, message):
    with pytest.raises(ExerciseFailed) as info:
        check_update(answer)
    assert message in info.value.what
    assert info.value.hint


def test_the_global_network_is_what_the_wrong_answer_moved():
    # the check's diagnosis is true: the global, not the argument, was updated
    before = network.params["W1"].copy()
    with pytest.raises(ExerciseFailed):
        check_update(update_global)
    assert not np.array_equal(network.params["W1"], before)


# --- hints: a nudge first, the answer only from solution() --------------------------

ANSWER = "network.params[key] -= learning_rate * grad[key]"
WRONG_ANSWERS = [update_plus, update_no_lr, update_plus_no_lr, update_fixed_lr, update_weights_only,
                 update_rebinding, update_returning, update_twice, update_per_batch, update_scaling_grad,
                 update_replacing_by_step, update_lr_squared, update_wrong_key, update_wrong_key_replacing,
                 update_mixed_up, update_deleting, update_global, update_global_grad,
                 update_half]  # fmt: skip


@pytest.mark.parametrize("answer", WRONG_ANSWERS, ids=lambda f: f.__name__)
def test_no_diagnosis_gives_the_answer_away(answer):
    with pytest.raises(ExerciseFailed) as info:
        check_update(answer)
    assert ANSWER not in info.value.hint
    assert "-= learning_rate * grad" not in info.value.hint


def test_the_stepwise_hints_lead_up_to_the_answer_without_stating_it():
    from nnlib.exercises.training import check_update as printed_check

    hints = printed_check.exercise.hints
    assert len(hints) >= 3
    assert all(ANSWER not in h and "-= learning_rate * grad" not in h for h in hints)
    assert "W1" in hints[0]  # the nudge names what is to be updated


def test_the_stub_gets_the_first_hint_and_solution_prints_the_slides_lines(capsys):
    from nnlib.exercises import solution
    from nnlib.exercises.training import check_update as printed_check

    def update(network, grad, learning_rate):
        """ステップ3: the student's cell, as committed."""
        ...

    printed_check.exercise.hints_shown = 0
    printed_check(update)
    out = capsys.readouterr().out
    assert out.startswith("✗ Not yet: update is still the stub")
    assert "Hint 1 of 3" in out and "✓" not in out
    solution("update")
    assert ANSWER in capsys.readouterr().out


# --- in Japanese ------------------------------------------------------------------------


def update_two_parameters(network, grad):  # called with three arguments: TypeError
    for key in KEYS:
        network.params[key] -= 0.1 * grad[key]


@pytest.mark.parametrize("answer", [*WRONG_ANSWERS, update_two_parameters], ids=lambda f: f.__name__)
def test_in_japanese_every_wrong_update_gets_a_japanese_diagnosis_and_hint(answer, japanese, capsys):
    checks.check_update(answer)
    assert_not_yet_in_japanese(capsys.readouterr().out, "update")


@pytest.mark.parametrize(
    ("answer", "how"),
    [(update_slides, "-= でその場で更新されています"), (update_new_dict, "新しい配列に置き換えられています")],
)
def test_in_japanese_right_updates_are_correct(answer, how, japanese, capsys):
    checks.check_update(answer)
    out = capsys.readouterr().out
    assert_correct_in_japanese(out)
    assert out.startswith("✓ 正解です: すべてのパラメータが -learning_rate * grad[key] だけ動きました。")
    assert how in out


def test_in_japanese_the_stub_gets_the_first_hint_in_japanese(japanese, capsys):
    def update(network, grad, learning_rate):
        """ステップ3: the student's cell, as committed."""
        ...

    checks.check_update.exercise.hints_shown = 0
    checks.check_update(update)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("✗ まだです: update の中身がまだ空のまま")
    assert lines[1].startswith("  ヒント 1/3: ステップ 3（パラメータの更新）では")
    assert lines[2] == '  さらにヒント: hint("update")'


def test_in_japanese_the_hints_are_japanese_and_do_not_give_the_answer_away(japanese):
    hints = checks.check_update.exercise.hints
    assert len(hints) == 3 and all(JAPANESE.search(h) for h in hints)
    assert all(ANSWER not in h and "-= learning_rate * grad" not in h for h in hints)


@pytest.mark.parametrize("key", list(checks.MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    both = checks.MESSAGES.both(key)
    assert both["en"] and both["ja"] != both["en"]
    assert placeholders(both["en"]) == placeholders(both["ja"])
