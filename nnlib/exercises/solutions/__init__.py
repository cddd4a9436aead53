"""Reference solutions of the notebooks' exercises, one module per notebook.

Each object has the name of its exercise (see ``nnlib.exercises``): ``solution("to_one_hot")``
prints it, and the tests run each through its checker. Written the way the book and
the slides write them, so that a student who asks for one reads familiar code.
"""
