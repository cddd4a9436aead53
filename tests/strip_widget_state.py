"""Remove the widgets' saved state from notebooks: python tests/strip_widget_state.py NB...

JupyterLab saves the state of every widget a notebook showed in its metadata
("widgets"). ipywidgets 7 (Google Colab's) cannot read ipywidgets 8's, and fills the
console with "Cannot find model module" errors; without it, a widget shows once its
cell runs. Outputs are kept. Used by `make notebooks`; tests check that no committed
notebook carries the state.
"""

import json
import sys


def strip(path):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    if nb.get("metadata", {}).pop("widgets", None) is None:
        return False
    with open(path, "w", encoding="utf-8") as f:
        json.dump(nb, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return True


if __name__ == "__main__":
    for name in sys.argv[1:]:
        if strip(name):
            print(f"{name}: widget state removed")
