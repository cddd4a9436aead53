"""'Predict before you run' questions: a guess first, then the cell that shows the answer.

    ask("What loss does the untrained network give?",
        {"about 0": "0 would mean a sure and right answer for every image",
         "about 2.3": None,                       # None marks the right option
         "about 10": "the loss of one image is -log(y) of its right class; y is about 0.1"},
        why="each class gets about 1/10, and -log(1/10) = ln 10 = 2.30")

    ask_number("After one step with lr = 0.5 ... what is x0?", answer=1.5, tolerance=0.01,
               why="...")

Each returns the question as a widget (the last line of a cell shows it): the question,
the choices (or a number box and a Check button) and a line of feedback that answers at
once: why a wrong choice is wrong, and ``why`` for the right one. Plain ipywidgets, no
front-end extension; where widgets cannot be shown, the text reads as the question.
"""

import html

import ipywidgets as widgets

from nnlib.i18n import catalog

MESSAGES = catalog("questions", {
    "prompt": ("Predict before you run the next cell:", "予想してから次のセルを実行しましょう:"),
    "repr": ("Question: {text}", "問題: {text}"),
    "right": ("✓ Right: {why}", "✓ 正解です: {why}"),
    "wrong": ("✗ Not quite: {feedback}. Try another answer.",
              "✗ 不正解です: {feedback}。ほかの答えも考えてみましょう。"),
    "not_a_number": ("Type a number, then press Check.", "数を入力してから「確認」を押してください。"),
    "too_large": ("too large", "大きすぎ"),
    "too_small": ("too small", "小さすぎ"),
    "wrong_number": ("✗ Not quite: {value:g} is {direction} by more than {tolerance:g}. Try again.",
                     "✗ 不正解です: {value:g} は{direction}ます（差が {tolerance:g} を超えています）。"
                     "もう一度考えてみましょう。"),
    "placeholder": ("your guess", "あなたの予想"),
    "check": ("Check", "確認"),
})  # fmt: skip


class Question(widgets.VBox):
    """A question with its answer widget and its feedback line; ``answer_with(value)``
    gives the feedback a click would give (for scripts and for checking the wording)."""

    def __init__(self, text, control, judge):
        self.text = text
        self._judge = judge
        self.feedback = widgets.HTML(value="")
        prompt = widgets.HTML(value=f"<b>{html.escape(MESSAGES['prompt'])}</b> {html.escape(text)}")
        super().__init__(children=[prompt, control, self.feedback])

    def answer_with(self, value):
        """Judge ``value`` as if the student had chosen or typed it; returns the feedback text."""
        message = self._judge(value)
        colour = "#1a7f37" if message.startswith("✓") else "#b35900"
        self.feedback.value = f'<span style="color:{colour}">{html.escape(message)}</span>'
        return message

    def __repr__(self):  # the text shown where widgets cannot be (and in a saved notebook)
        return MESSAGES["repr"].format(text=self.text)

    def _repr_mimebundle_(self, **kwargs):  # ipywidgets 8 cuts the text at 110 characters
        parent = getattr(super(), "_repr_mimebundle_", None)  # ipywidgets 7 displays otherwise
        bundle = parent(**kwargs) if parent else None
        if bundle is not None:
            bundle["text/plain"] = repr(self)
        return bundle


def ask(question, options, why):
    """A multiple-choice question, as a widget. options: {choice: feedback if wrong, or None if right}."""
    right = [choice for choice, feedback in options.items() if feedback is None]
    if len(right) != 1:
        raise ValueError(f"ask() needs exactly one right option (feedback None), got {len(right)}")

    def judge(choice):
        feedback = options[choice]
        return (
            MESSAGES["right"].format(why=why)
            if feedback is None
            else MESSAGES["wrong"].format(feedback=feedback)
        )

    choices = widgets.RadioButtons(options=list(options), value=None, layout=widgets.Layout(width="auto"))
    q = Question(question, choices, judge)
    choices.observe(lambda change: q.answer_with(change["new"]) if change["new"] is not None else None,
                    names="value")  # fmt: skip
    return q


def ask_number(question, answer, tolerance, why):
    """A question answered with a number, as a widget: right within ``tolerance`` of ``answer``."""

    def judge(value):
        try:
            value = float(value)
        except (TypeError, ValueError):
            return MESSAGES["not_a_number"]
        if abs(value - answer) <= tolerance:
            return MESSAGES["right"].format(why=why)
        direction = MESSAGES["too_large"] if value > answer else MESSAGES["too_small"]
        return MESSAGES["wrong_number"].format(value=value, direction=direction, tolerance=tolerance)

    box = widgets.Text(
        placeholder=MESSAGES["placeholder"], continuous_update=False, layout=widgets.Layout(width="12em")
    )
    button = widgets.Button(description=MESSAGES["check"])
    q = Question(question, widgets.HBox([box, button]), judge)
    button.on_click(lambda _: q.answer_with(box.value))
    box.observe(lambda change: q.answer_with(change["new"]), names="value")  # Enter, or leaving the box
    return q
