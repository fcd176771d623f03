"""Without the desktop tools, the accessibility tests fail saying what to install."""

from __future__ import annotations

import pytest

from tests.a11y import session


def test_missing_tools_are_named_with_the_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session.shutil, "which", lambda tool: None)
    monkeypatch.setattr(session, "SYSTEM_PYTHON", "/nonexistent/python3")
    problem = session.missing()
    assert problem is not None
    for package in ("xvfb", "openbox", "xdotool", "python3-pyatspi"):
        assert package in problem
    assert "apt-get install" in problem and ".ci/system-packages" in problem


def test_nothing_is_missing_here() -> None:
    problem = session.missing()
    assert problem is None, problem  # .ci/system-packages installs them
