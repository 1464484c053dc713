"""Question kinds, one module each; :mod:`quiz.questions.registry` finds them by name."""
