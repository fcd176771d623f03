"""The one exception type whose message is shown to a user as it is."""


class QuizError(Exception):
    """A problem the user can act on; its message is one plain line naming what is wrong."""
