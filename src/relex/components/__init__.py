"""relex's spaCy components, one factory per module (see the ``spacy_factories`` entry points)."""
