"""Dump what a screen reader gets on every screen of the quiz, over the real AT-SPI bus.

    .venv/bin/python -m tests.a11y.dump [--out DIR]

Starts its own Xvfb, openbox, D-Bus session and AT-SPI bus (see session.py; needs the
Debian packages `.ci/system-packages` installs), runs the quiz on a fresh copy of the shipped
bank, walks home, setup, a question, its feedback, the summary, the editor, the high scores
and the Progress tab by keyboard, and writes each screen's tree to DIR/<screen>.txt (and
.json). Prints per screen: unnamed interactive nodes, tab traps and the focused node; exits
1 if any screen has an unnamed interactive node or a tab trap.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from tests.a11y.session import (
    App,
    Desktop,
    Node,
    active_window,
    focus_of,
    missing,
    outline,
    tab_trap,
    unnamed_interactive,
    walk,
)


def _clean(node: Node) -> Node:
    return {k: ([_clean(c) for c in v] if k == "children" else v)
            for k, v in node.items() if k != "_up"}


def _has(description: str):  # type: ignore[no-untyped-def]
    return lambda t: any(n["description"] == description and n["name"] and
                         "showing" in n["states"] for n in walk(t))


def _answer(app: App) -> None:
    node = app.focused()
    if node is not None and node["role"] == "text":
        app.type("eight")
        app.keys("Return")
    else:
        app.keys("1")


def screens(app: App):  # type: ignore[no-untyped-def]
    """(screen, tree, tables to check for tab traps, how to reach them) for each screen."""
    yield "home", app.tree(), []
    app.keys("ctrl+n")
    yield "setup", app.wait_for(_has("About this mode"), "setup"), []
    app.type("Ari")
    app.keys("Tab", "Down", "Down", "Tab", "Tab", "Tab", "ctrl+a")
    app.type("2")
    app.keys("Return")
    yield "question", app.wait_for(_has("Question"), "the question"), []
    _answer(app)
    yield "feedback", app.wait_for(_has("Verdict"), "the feedback"), []
    app.keys("Return")
    app.wait_for(lambda t: not _has("Verdict")(t), "question 2")
    _answer(app)
    app.wait_for(_has("Verdict"), "the feedback")
    app.keys("Return")
    yield "summary", app.wait_for(_has("Result"), "the summary"), \
        [("Review of each question", "shift+Tab")]
    app.keys("ctrl+e")
    yield "editor", app.wait_for(_has("How many questions match"), "the editor"), \
        [("Questions", "Tab")]
    app.keys("ctrl+h")
    yield "scores", app.wait_for(lambda t: any(n["name"] == "High scores" and n["role"] == "table"
                                               for n in walk(t)), "the high scores"), \
        [("High scores", "Tab")]
    app.keys("alt+p")
    yield "progress", app.wait_for(lambda t: any(n["name"] == "Ari" and n["role"] == "label"
                                                 for n in walk(t)), "the Progress tab"), \
        [("Best and average score per mode", "Tab"), ("Accuracy by category", "Tab"),
         ("Facts most often missed", "Tab")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("a11y-dump"))
    args = parser.parse_args()
    problem = missing()
    if problem:
        print(f"dump: {problem}", file=sys.stderr)
        return 2
    from quiz.core.db import open_database

    args.out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="quiz-a11y-dump-"))
    url = f"sqlite:///{home / 'quiz.sqlite3'}"
    open_database(url).dispose()
    desktop = Desktop().start()
    bad = 0
    try:
        app = App(desktop, url, home)
        try:
            for screen, tree, tables in screens(app):
                window = active_window(tree)
                (args.out / f"{screen}.txt").write_text(outline(window) + "\n", encoding="utf-8")
                (args.out / f"{screen}.json").write_text(json.dumps(_clean(window), indent=1),
                                                         encoding="utf-8")
                unnamed = unnamed_interactive(tree)
                traps = [t for t in (tab_trap(app, name, back) for name, back in tables) if t]
                focus = focus_of(tree)
                bad += len(unnamed) + len(traps)
                print(f"{screen:9} unnamed interactive: {len(unnamed)}  tab traps: "
                      f"{len(traps)}/{len(tables)} tables  focus: "
                      f"{focus['role'] + ' ' + repr(focus['name']) if focus else '-'}")
                for line in unnamed + traps:
                    print(f"          {line}")
        finally:
            app.stop()
    finally:
        desktop.stop()
    print(f"trees written to {args.out}/")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
