"""The Qt front end: thin views over `quiz.core`, composed by `main_window.create_main_window`."""
