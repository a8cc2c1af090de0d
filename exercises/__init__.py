"""Exercises: how learners are tested — answer normalisation and grading (``exercises.grading``)."""
