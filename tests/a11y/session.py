"""A desktop a screen reader can read: Xvfb, openbox, a D-Bus session and the AT-SPI bus, the
quiz running in it with Qt's accessibility on, keys typed through X, and the tree read over
AT-SPI by `reader.py` (under the system Python, which has Debian's python3-pyatspi).

Used by the AT-SPI tests (tests/a11y) and by `python -m tests.a11y.dump`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

READER = Path(__file__).with_name("reader.py")
SYSTEM_PYTHON = "/usr/bin/python3"
# What the tests need, and the Debian package that has it.
NEEDS = {"Xvfb": "xvfb", "openbox": "openbox", "dbus-daemon": "dbus",
         "/usr/libexec/at-spi-bus-launcher": "at-spi2-core", "xdotool": "xdotool"}
PACKAGES = ("xvfb openbox dbus dbus-x11 at-spi2-core python3-pyatspi gir1.2-atspi-2.0 xdotool "
            "libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 "
            "libxcb-randr0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-cursor0")
# Roles a keyboard or pointer user operates; each must be named (or labelled) when showing.
INTERACTIVE = {"push button", "toggle button", "check box", "radio button", "combo box",
               "text", "entry", "password text", "spin button", "slider", "list", "list box",
               "table", "tree table", "page tab", "menu item", "scroll bar", "tree",
               "link", "button"}
Node = dict[str, Any]


def missing() -> str | None:
    """What is missing for these tests, as the install command; None if nothing is."""
    absent = [pkg for tool, pkg in NEEDS.items()
              if not (shutil.which(tool) or Path(tool).exists())]
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0');"
                            " import pyatspi"], capture_output=True) \
        if Path(SYSTEM_PYTHON).exists() else None
    if probe is None or probe.returncode != 0:
        absent += ["python3-pyatspi", "gir1.2-atspi-2.0"]
    if not absent:
        return None
    return (f"the accessibility tests need {', '.join(sorted(set(absent)))}: "
            f"sudo apt-get install -y --no-install-recommends {PACKAGES} "
            "(or run .ci/system-packages)")


def note_started(pgid: int) -> None:
    """Note a process group for .ci/run, which stops any left when the run ends however."""
    notes = os.environ.get("QUIZ_A11Y_PIDS")
    if notes:
        with open(notes, "a", encoding="ascii") as fh:
            fh.write(f"{pgid}\n")


def forget_started(pgids: set[int]) -> None:
    """Those process groups are stopped: .ci/run must not signal their ids again."""
    notes = os.environ.get("QUIZ_A11Y_PIDS")
    if notes and os.path.exists(notes):
        with open(notes, encoding="ascii") as fh:
            kept = [line for line in fh if line.strip() and int(line) not in pgids]
        with open(notes, "w", encoding="ascii") as fh:
            fh.writelines(kept)


class Desktop:
    """Xvfb + openbox + a private D-Bus session + the AT-SPI bus; `stop` ends them all."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.tmp = Path(tempfile.mkdtemp(prefix="quiz-a11y-"))
        self.env: dict[str, str] = {}

    def _spawn(self, args: list[str], **kw: Any) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(args, env={**os.environ, **self.env}, start_new_session=True,
                                **kw)
        self.procs.append(proc)
        note_started(proc.pid)
        return proc

    def start(self) -> Desktop:
        try:
            read, write = os.pipe()
            xvfb = self._spawn(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                                "-nolisten", "tcp", "+extension", "XTEST"],
                               pass_fds=(write,), stderr=subprocess.DEVNULL)
            os.close(write)
            with os.fdopen(read) as pipe:
                number = pipe.readline().strip()
            if not number:
                raise RuntimeError(f"Xvfb did not start (exit {xvfb.poll()})")
            self.env = {"DISPLAY": f":{number}", "XDG_RUNTIME_DIR": str(self.tmp),
                        "NO_AT_BRIDGE": "0", "GTK_A11Y": "atspi"}
            os.chmod(self.tmp, 0o700)
            bus = self._spawn(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            assert bus.stdout is not None
            address = bus.stdout.readline().decode().strip()
            if not address:
                raise RuntimeError("dbus-daemon did not start")
            self.env["DBUS_SESSION_BUS_ADDRESS"] = address
            self._spawn(["openbox", "--sm-disable"], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
            self._spawn(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self._wait_for_a11y_bus()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_for_a11y_bus(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            done = subprocess.run(
                ["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                 "org.a11y.Bus.GetAddress"], env={**os.environ, **self.env}, capture_output=True)
            if done.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("the AT-SPI bus did not come up")

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        forget_started({proc.pid for proc in self.procs})
        self.procs.clear()
        shutil.rmtree(self.tmp, ignore_errors=True)


class App:
    """The quiz running on `desktop`, driven by keys and read over AT-SPI."""

    def __init__(self, desktop: Desktop, db_url: str, data_home: Path) -> None:
        self.desktop = desktop
        env = {**os.environ, **desktop.env, "QT_QPA_PLATFORM": "xcb",
               "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_ACCESSIBILITY": "1",
               "XDG_DATA_HOME": str(data_home), "XDG_CONFIG_HOME": str(data_home / "config")}
        self.proc = subprocess.Popen([sys.executable, "-m", "quiz", "--db", db_url], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     start_new_session=True,
                                     cwd=Path(__file__).resolve().parents[2])
        note_started(self.proc.pid)
        self.wait_for(lambda t: any(n["role"] == "push button" and n["name"] == "Play a quiz"
                                    and "enabled" in n["states"] for n in walk(t)),
                      "the home screen", timeout=60)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        forget_started({self.proc.pid})

    # -- reading ------------------------------------------------------------------------------

    def _reader(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([SYSTEM_PYTHON, str(READER), *args], capture_output=True,
                              text=True, env={**os.environ, **self.desktop.env}, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"reader failed: {done.stderr.strip()[-600:]}")
        return done

    def tree(self) -> Node:
        """The app's showing accessible tree, as a screen reader gets it."""
        return json.loads(self._reader("tree").stdout)["root"]

    def wait_for(self, test: Callable[[Node], bool], what: str, timeout: float = 20) -> Node:
        """The tree once `test` holds for it."""
        deadline = time.monotonic() + timeout
        last: Node | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app exited ({self.proc.returncode}): "
                                   f"{self.proc.stderr.read().decode()[-800:]}")  # type: ignore[union-attr]
            try:
                last = self.tree()
            except RuntimeError:
                last = None
            if last is not None and test(last):
                return last
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}; last tree:\n"
                             f"{outline(last) if last else '(none)'}")

    def focused(self) -> Node | None:
        """The node that has keyboard focus."""
        return focus_of(self.tree())

    # -- typing -------------------------------------------------------------------------------

    def keys(self, *keys: str) -> None:
        """Press keys through X, as a person would (xdotool names: Tab, Return, ctrl+n)."""
        for key in keys:
            self._xdotool("key", "--clearmodifiers", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self._xdotool("type", "--delay", "30", text)

    def _xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env={**os.environ, **self.desktop.env}, check=True,
                       timeout=30)

    def listen(self, seconds: float, then: Callable[[], None]) -> list[dict[str, str]]:
        """The AT-SPI events seen while `then` runs (and `seconds` in all)."""
        proc = subprocess.Popen([SYSTEM_PYTHON, str(READER), "listen", str(seconds)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, **self.desktop.env})
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            proc.kill()
            raise RuntimeError(f"listener failed: {proc.stderr.read()[-600:]}")  # type: ignore[union-attr]
        then()
        out, err = proc.communicate(timeout=seconds + 30)
        if proc.returncode != 0:
            raise RuntimeError(f"listener failed: {err[-600:]}")
        return json.loads(out.strip().splitlines()[-1])


# -- reading trees ----------------------------------------------------------------------------


def walk(node: Node, path: tuple[Node, ...] = ()) -> Iterator[Node]:
    """Every node under `node` (each carries its ancestors as "_up")."""
    node["_up"] = path
    yield node
    for child in node.get("children", []):
        yield from walk(child, (*path, node))


_ITEMS = {"table cell": ("table", "tree table"), "list item": ("list", "list box"),
          "column header": ("table", "tree table"), "page tab": ("page tab list",)}


def focus_of(tree: Node) -> Node | None:
    """The node with keyboard focus.

    Qt keeps the focused state on a view's current cell or item after the view has lost
    focus, so an item counts only while its view has focus; a text field's viewport
    (a filler) is focused with it, and the field is the one.
    """
    found = []
    for n in walk(tree):
        if "focused" not in n["states"]:
            continue
        views = _ITEMS.get(n["role"])
        if views:
            view = next((u for u in reversed(n["_up"]) if u["role"] in views), None)
            if view is None or "focused" not in view["states"]:
                continue
        found.append(n)
    named = [n for n in found if n["role"] != "filler"]
    return (named or found or [None])[-1]


def inside(node: Node, role: str) -> Node | None:
    """The nearest node of `role` that holds `node` (or `node` itself)."""
    for n in (node, *reversed(node["_up"])):
        if n["role"] == role:
            return n
    return None


def active_window(tree: Node) -> Node:
    """The window (frame or dialog) that is active."""
    for window in tree["children"]:
        if "active" in window["states"]:
            return window
    return tree["children"][0]


def unnamed_interactive(tree: Node) -> list[str]:
    """Showing interactive nodes a screen reader has no name for (nor a label)."""
    bad = []
    for n in walk(active_window(tree)):
        if n["role"] in INTERACTIVE and "showing" in n["states"] \
                and not n["name"].strip() and not n.get("labelled_by"):
            where = " > ".join(f"{u['role']}:{u['name']}" for u in n["_up"][-3:])
            bad.append(f"{n['role']} (in {where})")
    return bad


def texts(tree: Node) -> list[str]:
    """What a screen reader can read on the active window: every name and text."""
    found = []
    for n in walk(active_window(tree)):
        found += [n["name"], n.get("text", "")]
    return [t for t in found if t]


def outline(tree: Node, depth: int = 0) -> str:
    """The tree as indented lines (role "name" [text] {states}), for dumps and failures."""
    keep = {"focused", "enabled", "focusable", "active"}
    text = tree.get("text", "")
    line = ("  " * depth + f"{tree['role']} {tree['name']!r}"
            + (f" text={text[:80]!r}" if text and text != tree["name"] else "")
            + (f" labelled-by={tree['labelled_by']}" if tree.get("labelled_by") else "")
            + (f" desc={tree['description']!r}" if tree.get("description") else "")
            + f" {{{','.join(s for s in tree['states'] if s in keep)}}}")
    return "\n".join([line, *(outline(c, depth + 1) for c in tree.get("children", []))])


def tab_trap(app: App, table_name: str, back: str = "shift+Tab") -> str | None:
    """Move focus into the table named `table_name` (pressing `back`), then press Tab:
    None if focus left the table, else what went wrong."""
    node = None
    for _ in range(25):
        node = app.focused()
        if node is not None and (table := inside(node, "table")) is not None \
                and table["name"] == table_name:
            break
        app.keys(back)
    else:
        return f"focus never reached the table {table_name!r}"
    app.keys("Tab")
    node = app.focused()
    now = inside(node, "table") if node is not None else None
    if node is None or (now is not None and now["name"] == table_name):
        return (f"Tab is trapped in {table_name!r}: focus on "
                f"{node and node['role']} {node and node['name']!r}")
    return None
