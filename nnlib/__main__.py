import sys

from nnlib.cli import main

sys.exit(main(prog="python -m nnlib"))  # as the user typed it (the installed command is "nnlib")
