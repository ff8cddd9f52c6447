"""Tests of the generated client that need the client alone (cloudnet, httpx, pydantic,
pytest, hypothesis): tests/test_dependency_ranges.py runs them at both ends of every dependency
range."""
