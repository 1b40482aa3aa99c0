"""The data bench/stats.py measures: a million cases with their event log over two years, and
the question text of one month, generated from a seed and loaded in bulk (Core executemany on
SQLite, COPY on PostgreSQL). A package beside the benchmarks, not one of them: run_all.py runs
only the scripts directly in bench/."""
