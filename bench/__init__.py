"""The bench: national-scale data in PostgreSQL, and the pages measured against trivial baselines.

``make bench`` (``python -m bench``) creates the bench database if missing, migrates it, generates
the data if it is empty (bench.generate) and measures (bench.run), appending to bench/RESULTS.md.
"""
