"""Great Expectations: the raw-input and mart suites (as data), the rules they are made of,
and `python -m quality.gx.validate` (make validate)."""
