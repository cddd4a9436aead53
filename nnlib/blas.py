"""How many threads numpy's matrix products (BLAS) may use while training.

The products of one SGD step are small (100 x 784 x 50 for a mini-batch of 100).
On an idle machine a second BLAS thread makes a step about 15% faster; on a busy
one (a browser, another notebook, a test runner) the threads wait for each other
and a step gets up to ten times slower (measured on a 2-core machine: 0.35 ms
with one thread, 3-18 ms with two). So training steps run with one thread, and
only the large products of an evaluation use BLAS's own number of threads.
Results do not depend on the number of threads beyond floating-point rounding.
"""

from threadpoolctl import ThreadpoolController

_controller = None  # made on first use: it scans the loaded libraries
_default = 1


def _blas():
    global _controller, _default
    if _controller is None:
        _controller = ThreadpoolController().select(user_api="blas")
        _default = max([lib.num_threads for lib in _controller.lib_controllers] + [1])
    return _controller


def default_threads():
    """BLAS's own number of threads (at least 1), as it was before any limit of ours."""
    _blas()
    return _default


def limit(threads):
    """A context in which BLAS uses ``threads`` threads."""
    return _blas().limit(limits=threads)
