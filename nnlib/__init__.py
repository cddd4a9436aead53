"""nnlib: the network and data of chapter 4 of "ゼロから作るDeep Learning".

    import nnlib
    nnlib.set_language("ja")   # 日本語: messages, labels and the figures' font

Modules, bottom to top (each imports only those above it in this list):

    i18n           set_language, the message catalog (English, 日本語), the Japanese font
    functions      sigmoid, softmax, cross_entropy_error, ...
    mnist          load_mnist: verified download, safe cache, offline sample
    params_file    save_params / load_params: parameters as .npz, never pickled
    plotting       one figure style, and the figures of each notebook (a package)
    blas           how many threads the matrix products use while training
    gradient       numerical_gradient, gradient_check
    gradient_method  the book's ch04 gradient_descent and function_2
    two_layer_net  TwoLayerNet
    train          the SGD loop (Trainer), driven by scripts and the dashboard
    exercises      self-checks for the notebooks' exercises, their hints and solutions,
                   and the 'predict before you run' questions
    dashboard      the live training dashboard (ipywidgets)
    cli            python -m nnlib train | download

``import nnlib`` stays light: import the module you need.
"""

__version__ = "0.1.0"

from nnlib.i18n import get_language, set_language  # noqa: E402

__all__ = ["get_language", "set_language"]
