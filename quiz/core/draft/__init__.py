"""Drafting cited questions from any article (text, Markdown or HTML), offline.

reader (bytes -> text + metadata), sentences, spans (answer candidates), wrong (wrong answers),
facts (wording), pipeline (ranking, checking, the bank file).
"""
