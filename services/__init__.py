"""Use cases: each function takes a database session, the acting user's id and plain values, checks the
user's role or ownership, does the work against the content (grading, deciding) and stores the result in
the caller's one transaction. Pages call these and only show what they return."""
