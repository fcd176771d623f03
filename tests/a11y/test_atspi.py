"""Every screen as a screen reader gets it over the real AT-SPI bus: names, the text a sighted
player reads, where focus lands, and Tab leaving every table. The tests run in order through
one app (home, setup, a two-question Practice game, summary, editor, scores)."""

from __future__ import annotations

from tests.a11y.session import (
    App,
    Node,
    active_window,
    focus_of,
    inside,
    outline,
    tab_trap,
    texts,
    unnamed_interactive,
    walk,
)


def by_description(tree: Node, description: str) -> Node:
    found = [n for n in walk(active_window(tree)) if n["description"] == description
             and "showing" in n["states"]]
    assert found, f"no showing node described {description!r}:\n{outline(tree)}"
    return found[0]


def focused_is(role: str, name: str | None = None):  # type: ignore[no-untyped-def]
    def test(tree: Node) -> bool:
        node = focus_of(tree)
        return node is not None and node["role"] == role and (name is None or
                                                               node["name"] == name)
    return test


def assert_all_named(tree: Node) -> None:
    unnamed = unnamed_interactive(tree)
    assert not unnamed, f"unnamed: {unnamed}\n{outline(active_window(tree))}"


def tab_leaves_table(app: App, table_name: str, back: str = "shift+Tab") -> None:
    """Focus reaches the table with `back` presses; then Tab takes it out again."""
    problem = tab_trap(app, table_name, back)
    assert problem is None, problem


def test_home_names_every_control_and_focuses_play(app: App) -> None:
    tree = app.wait_for(focused_is("push button", "Play a quiz"), "focus on Play")
    assert_all_named(tree)
    assert any(t.endswith("questions from 2 articles") for t in texts(tree))


def test_setup_focuses_the_name_and_labels_every_field(app: App) -> None:
    app.keys("ctrl+n")
    tree = app.wait_for(focused_is("text", "Player name"), "focus on the name field")
    assert_all_named(tree)
    combos = [n for n in walk(active_window(tree)) if n["role"] == "combo box"
              and "showing" in n["states"]]
    assert len(combos) == 4 and all(n.get("labelled_by") for n in combos), combos  # + Time
    assert by_description(tree, "About this mode")["name"]


def test_question_verdict_and_explanation_are_read(app: App) -> None:
    app.type("Ari")
    app.keys("Tab", "Down", "Down")  # mode: Practice
    app.wait_for(lambda t: any(n["role"] == "spin button" for n in walk(t)), "the Questions box")
    app.keys("Tab", "Tab", "Tab", "ctrl+a")
    app.type("2")
    app.keys("Return")
    tree = app.wait_for(lambda t: any(n["description"] == "Question" and n["name"]
                                      and "showing" in n["states"] for n in walk(t)),
                        "the first question")
    assert_all_named(tree)
    question = by_description(tree, "Question")["name"]
    events = app.listen(6, lambda: answer(app))
    tree = app.wait_for(lambda t: any(n["description"] == "Verdict" and n["name"]
                                      for n in walk(t)), "the verdict")
    verdict = by_description(tree, "Verdict")["name"]
    explanation = by_description(tree, "Explanation")["name"]
    assert verdict.startswith(("Correct!", "Not quite.")) and explanation
    assert question != verdict
    node = focus_of(tree)
    assert node is not None and node["role"] == "push button"
    assert node["name"] == "Next question" and verdict in node["description"]
    assert_all_named(tree)
    announced = [e for e in events if e["type"].startswith("object:announcement")]
    assert any(verdict in e.get("detail", "") for e in announced), events
    focus_moves = [e for e in events if e["type"].startswith("object:state-changed:focused")
                   and e["detail"] != "0" and e["role"] == "push button"]
    assert all(not e["name"].startswith("Answer") for e in focus_moves), focus_moves


def answer(app: App) -> None:
    node = app.focused()
    assert node is not None
    if node["role"] == "text":  # a typed answer
        app.type("eight")
        app.keys("Return")
    else:
        app.keys("1")


def test_summary_is_read_and_tab_leaves_its_table(app: App) -> None:
    app.keys("Return")
    app.wait_for(lambda t: any(n["description"] == "Question" and n["name"] for n in walk(t))
                 and not any(n["description"] == "Verdict" and n["name"]
                             and "showing" in n["states"] for n in walk(t)), "question 2")
    answer(app)
    app.wait_for(focused_is("push button", "See results"), "See results")
    app.keys("Return")
    tree = app.wait_for(focused_is("push button", "Play again"), "the summary")
    assert_all_named(tree)
    assert by_description(tree, "Result")["name"].endswith(" points")
    assert "of 2 correct" in by_description(tree, "Score details")["name"]
    assert by_description(tree, "High-score standing")["name"]
    tab_leaves_table(app, "Review of each question")


def test_editor_names_and_labels_everything(app: App) -> None:
    app.keys("ctrl+e")
    tree = app.wait_for(focused_is("text", "Search questions, answers and quotes"),
                        "focus on the search")
    assert_all_named(tree)
    combos = [n for n in walk(active_window(tree)) if n["role"] == "combo box"
              and "showing" in n["states"]]
    unlabelled = [n["name"] for n in combos if not n.get("labelled_by")]
    assert combos and not unlabelled, unlabelled
    assert any("questions" in t and "match" not in t or "match" in t for t in texts(tree))
    tab_leaves_table(app, "Questions", back="Tab")


def test_scores_focus_the_table_and_tab_leaves_it(app: App) -> None:
    app.keys("ctrl+h")
    tree = app.wait_for(lambda t: (n := focus_of(t)) is not None
                        and inside(n, "table") is not None, "focus in the scores table")
    assert inside(focus_of(tree), "table")["name"] == "High scores"
    assert_all_named(tree)
    tab_leaves_table(app, "High scores")


def test_progress_tab_is_named(app: App) -> None:
    app.keys("alt+p")
    tree = app.wait_for(lambda t: any(n["name"] == "Ari" and n["role"] == "label"
                                      for n in walk(t)), "Ari's progress page")
    assert_all_named(tree)
    tab_leaves_table(app, "Best and average score per mode", back="Tab")
