"""Qt-free domain of the quiz: content, generation, storage, games, scoring, interchange.

Nothing in this package imports PySide6 (a test enforces it), so a whole game can be played,
scored and saved without a window.
"""
