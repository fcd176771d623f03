"""`quiz doctor`: are the system libraries Qt needs installed? Names the Debian packages if not.

The PySide6 wheels bring Qt itself, but Qt's window-system plugin (xcb, for X11) loads system
libraries that a minimal Debian/Ubuntu lacks. This runs `ldd` on the Qt libraries and plugins
the app loads and maps every missing library to the package that provides it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# Shared library -> Debian/Ubuntu package (see the README's "System libraries").
PACKAGES = {
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1", "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


# Qt platforms that draw without a display server.
_HEADLESS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay")
NO_DISPLAY_HINT = ("run it in a desktop session, or under Xvfb: "
                   "xvfb-run -a -s \"-screen 0 1280x1024x24\" quiz")


def display_problem(env: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why a window cannot open here (no display server to show it on), or None if it can.

    Qt itself aborts the process (SIGABRT) when it finds no display, with a message that
    blames libxcb-cursor0; this says what is actually wrong before Qt is loaded.
    """
    env = os.environ if env is None else env
    if not (platform or sys.platform).startswith("linux"):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if qpa.startswith(_HEADLESS):
        return None
    x11, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if qpa == "xcb" and not x11:
        return "no X11 display (DISPLAY is not set, and QT_QPA_PLATFORM is xcb)"
    if qpa.startswith("wayland") and not wayland:
        return "no Wayland display (WAYLAND_DISPLAY is not set, and QT_QPA_PLATFORM is wayland)"
    if not qpa and not x11 and not wayland:
        return "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set)"
    return None


def missing_libraries(ldd_output: str) -> set[str]:
    """The libraries `ldd` reported as not found."""
    return set(_NOT_FOUND.findall(ldd_output))


def packages_for(libraries: set[str]) -> list[str]:
    """The Debian packages providing `libraries` (unknown ones named as they are)."""
    return sorted({PACKAGES.get(lib, lib) for lib in libraries})


def qt_binaries() -> dict[str, list[Path]]:
    """The Qt files each use of the app loads: widgets for any use, plus a platform plugin."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    libs = [qt / "lib" / "libQt6Widgets.so.6", qt / "lib" / "libQt6Gui.so.6",
            qt / "lib" / "libQt6Svg.so.6"]
    plugins = qt / "plugins"
    return {
        "offscreen (tests, smoke tests)": [*libs, plugins / "platforms" / "libqoffscreen.so"],
        "X11 window (xcb)": [*libs, plugins / "platforms" / "libqxcb.so",
                             plugins / "imageformats" / "libqsvg.so"],
    }


def check() -> dict[str, set[str]]:
    """Missing libraries for each use; a use with an empty set is ready."""
    if shutil.which("ldd") is None:
        return {}
    result: dict[str, set[str]] = {}
    for use, files in qt_binaries().items():
        missing: set[str] = set()
        for path in files:
            if path.exists():
                out = subprocess.run(["ldd", str(path)], capture_output=True, text=True)
                missing |= missing_libraries(out.stdout)
        result[use] = missing
    return result


def main() -> int:
    """Print what is missing and how to install it; exit 1 if anything is."""
    report = check()
    display = display_problem()
    print(f"display: {display}; {NO_DISPLAY_HINT}" if display else "display: ok")
    if not report:
        print("ldd not found: cannot check system libraries (not Linux?)")
        return 0
    bad = False
    for use, missing in report.items():
        if missing:
            bad = True
            print(f"{use}: missing {', '.join(sorted(missing))}")
            print(f"  sudo apt-get install -y --no-install-recommends "
                  f"{' '.join(packages_for(missing))}")
        elif use.startswith("X11") and display:
            print(f"{use}: libraries ok, but there is no display")
        else:
            print(f"{use}: ok")
    return 1 if bad or display else 0
