"""Everything Parlez reads from ``content/``, put together: the manual, the glossary with the units'
vocabulary merged in, and the term index the grader uses. It sits above the content packages (lessons,
glossary, exercises), which never import one another's loaders."""
