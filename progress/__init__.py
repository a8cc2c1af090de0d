"""What Parlez remembers: the database engine, the models and their migrations (storage only; the
use cases that change it live in ``services/``)."""
