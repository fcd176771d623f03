"""KPop Demon Hunters Quiz: an offline trivia game whose every answer cites its source article."""

__version__ = "0.1.0"
