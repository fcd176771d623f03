"""Read the quiz window as a screen reader does, over the AT-SPI bus; print JSON.

Runs under the system Python that has Debian's python3-pyatspi (not the project's venv):

    /usr/bin/python3 tests/a11y/reader.py tree            # the app's whole showing tree
    /usr/bin/python3 tests/a11y/reader.py listen 3        # events for 3 s (after "ready")

`tree` prints one JSON object: {"app": name, "root": node}, where each node is
{"role", "name", "description", "states", "text" (its text interface, if any),
"labelled_by" (names of its label relations), "children"}; only showing nodes are listed.
`listen` prints "ready" once listening, then one JSON list of the announcement, focus and
name-change events it saw. The app is found by its name (`--app`, default the quiz's).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
import pyatspi  # noqa: E402
from gi.repository import Atspi, GLib  # noqa: E402

APP = "KPop Demon Hunters Quiz"
TABLE_CELLS = 60


def find_app(name: str, wait: float = 20.0) -> Atspi.Accessible:
    deadline = time.monotonic() + wait
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.name in (name, "quiz", "python3", "python") \
                    and app.childCount:
                return app
        if time.monotonic() > deadline:
            names = [a.name for a in desktop if a is not None]
            raise SystemExit(f"reader: no application {name!r} on the AT-SPI bus (found {names})")
        time.sleep(0.2)


def node(acc: Atspi.Accessible, depth: int = 0) -> dict[str, object] | None:
    try:
        states = acc.getState()
        if not states.contains(pyatspi.STATE_SHOWING) and depth > 1:
            return None
        state_names = sorted(s.value_nick for s in states.getStates())
        entry: dict[str, object] = {
            "role": acc.getRoleName(), "name": acc.name or "",
            "description": acc.description or "", "states": state_names,
        }
        try:
            text = acc.queryText()
            entry["text"] = text.getText(0, min(text.characterCount, 4000))
        except NotImplementedError:
            pass
        labels = []
        for rel in acc.getRelationSet():
            if rel.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                labels += [rel.getTarget(i).name for i in range(rel.getNTargets())]
        if labels:
            entry["labelled_by"] = labels
        children = []
        # A table's first cells (headers, the first rows) stand for the rest: reading every
        # cell of 200 loaded rows over D-Bus takes seconds.
        limit = TABLE_CELLS if entry["role"] in ("table", "tree table", "list") else 2000
        if depth < 40:
            for i in range(min(acc.childCount, limit)):
                child = acc.getChildAtIndex(i)
                if child is not None:
                    found = node(child, depth + 1)
                    if found is not None:
                        children.append(found)
        entry["children"] = children
        return entry
    except GLib.Error:  # the node went away while being read
        return None


def tree(app_name: str) -> None:
    app = find_app(app_name)
    windows = [node(app.getChildAtIndex(i), 1) for i in range(app.childCount)]
    print(json.dumps({"app": app.name, "root": {"role": "application", "name": app.name,
                                                "states": [], "description": "",
                                                "children": [w for w in windows if w]}}))


def listen(app_name: str, seconds: float) -> None:
    find_app(app_name)
    seen: list[dict[str, str]] = []

    def on_event(event) -> None:  # type: ignore[no-untyped-def]
        try:
            source = event.source
            seen.append({"type": str(event.type), "role": source.getRoleName() if source else "",
                         "name": (source.name or "") if source else "",
                         "detail": str(event.any_data) if event.any_data is not None else ""})
        except Exception as exc:  # noqa: BLE001 - a vanished source must not end the listen
            seen.append({"type": str(event.type), "error": str(exc)})

    kinds = ["object:announcement", "object:state-changed:focused",
             "object:property-change:accessible-name"]
    for kind in kinds:
        pyatspi.Registry.registerEventListener(on_event, kind)
    print("ready", flush=True)
    GLib.timeout_add(int(seconds * 1000), lambda: pyatspi.Registry.stop() or False)
    pyatspi.Registry.start()
    print(json.dumps(seen), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", default=APP)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tree")
    listen_parser = sub.add_parser("listen")
    listen_parser.add_argument("seconds", type=float)
    args = parser.parse_args()
    if args.command == "tree":
        tree(args.app)
    else:
        listen(args.app, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
