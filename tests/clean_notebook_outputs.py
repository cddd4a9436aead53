"""Make saved notebooks readable without a running kernel: python tests/clean_notebook_outputs.py NB...

JupyterLab saves the state of every widget a notebook showed (metadata "widgets") and
each widget output as a reference to that state. ipywidgets 7 (Google Colab's) cannot
read ipywidgets 8's state and fills the console with "Cannot find model module"; and
without the state, JupyterLab shows "Error displaying widget: model not found" in place
of each widget until its cell runs. So the committed notebooks keep, of a widget output,
only its text (a question reads as "Question: ..."), and the widget appears once its cell
runs. A progress bar's text was taken when it started ("0%"), which says nothing in a
saved notebook: those outputs are dropped (they are in cells whose output varies anyway).

Used by `make notebooks`; the tests check that no committed notebook needs it again.
"""

import json
import re
import sys

WIDGET = "application/vnd.jupyter.widget-view+json"
PROGRESS_BAR = re.compile(r"^\s*\d+%\|")  # tqdm's text: "  0%|          | 0/10000 [...]"


def clean(nb):
    """Clean ``nb`` (a notebook's JSON) in place; True if anything changed."""
    changed = nb.get("metadata", {}).pop("widgets", None) is not None
    for cell in nb["cells"]:
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET in data:
                changed = True
                if PROGRESS_BAR.match("".join(data.get("text/plain", ""))):
                    continue
                del data[WIDGET]
            kept.append(out)
        if "outputs" in cell:
            cell["outputs"] = kept
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        with open(name, encoding="utf-8") as f:
            nb = json.load(f)
        if clean(nb):
            with open(name, "w", encoding="utf-8") as f:
                json.dump(nb, f, ensure_ascii=False, indent=1)
                f.write("\n")
            print(f"{name}: widget state and widget outputs reduced to text")
