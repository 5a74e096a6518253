"""``python -m cabledb``."""

from cabledb.cli import main

main()
