"""The live training dashboard: ``from nnlib.dashboard import Dashboard``.

    dash = Dashboard()    # TwoLayerNet on MNIST, with sliders, buttons and live plots
    dash                  # show it (the last line of a cell)

Files, read in this order:
    session.py    a Run: a Trainer with its settings and colour; when to stop one
    figures.py    the pictures, drawn off-screen into PNG bytes (fast redraws)
    controls.py   the widgets and their layout
    dashboard.py  Dashboard: wires the widgets to the training loop, an asyncio task
"""

from nnlib.dashboard.dashboard import Dashboard

__all__ = ["Dashboard"]
