"""Question bank -> "New from article…": draft questions from an article and review them."""
