"""What the tests share, and the benchmarks with them: running MkDocs on the project or a
scratch copy of it, a loopback server for a built site, scratch gardens and check projects, and
readers of built pages. Importable as `support` (pyproject.toml's pytest `pythonpath` puts
tests/ on the path; benchmarks/bench_paths.py does it for the benchmarks)."""
