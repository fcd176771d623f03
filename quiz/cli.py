"""The command line: `quiz` opens the app; `generate`, `export`, `import`, `scores`, `backup` and
`restore` work headless.

This is the composition root: it parses arguments, opens the one `Database` for the process and
hands it to the command. Heavy imports (SQLModel, Qt) happen inside the commands that need them,
so the window can paint before the database layer has loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

SCREENS = ("home", "play", "editor", "scores")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="quiz", description="KPop Demon Hunters Quiz: trivia from two news articles, "
                                 "every answer cited from its source.")
    p.add_argument("--db", metavar="URL", help="database URL (default: QUIZ_DB_URL, or a SQLite "
                                               "file in your user data folder)")
    p.add_argument("--smoke-test", choices=SCREENS, metavar="SCREEN",
                   help="open the window on SCREEN (home, play, editor, scores), print one JSON "
                        "line of timings when its data is painted, and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("gui", help="open the app (the default)")
    sub.add_parser("doctor", help="check that the system libraries Qt needs are installed")
    g = sub.add_parser("generate", help="(re)build generated questions from questions/, keeping "
                                        "edited and user questions")
    g.add_argument("--restore", metavar="QUESTION_ID", action="append", default=[],
                   help="also put this edited question back to its generated original")
    e = sub.add_parser("export", help="write the question bank")
    e.add_argument("--format", choices=["json", "csv", "opentdb", "anki", "kahoot", "gift",
                                        "moodle", "quizlet"],
                   help="json: bank JSON; csv: one row per question; opentdb: Open Trivia "
                        "Database JSON; anki: Anki deck (.apkg); kahoot: Kahoot spreadsheet "
                        "(.xlsx); gift: Moodle GIFT; moodle: Moodle XML; quizlet: Quizlet "
                        "import text (.txt). Default: from the -o file's extension, else json")
    e.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    i = sub.add_parser("import", help="add/update questions from a bank JSON, CSV, Open Trivia "
                                      "Database or Anki (.apkg) file; all or nothing")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--format", choices=["json", "csv", "opentdb", "anki"],
                   help="the file's format (default: detected from its content)")
    b = sub.add_parser("backup", help="back the question bank and scores up now (SQLite's "
                                      "backup API; the newest 7 backups are kept)")
    b.add_argument("--list", action="store_true", help="list the backups instead, newest first")
    r = sub.add_parser("restore", help="replace the bank with a backup (default: the newest); "
                                       "the current bank is backed up first")
    r.add_argument("file", metavar="FILE", nargs="?",
                   help="the backup file to restore (see `quiz backup --list`)")
    c = sub.add_parser("check", help="every flaw the question checker finds in the bank; "
                                     "exit 1 if any is an error")
    c.add_argument("--json", action="store_true", help="print JSON instead of lines")
    d = sub.add_parser("deal", help="print the questions a new game would ask, with answers "
                                    "and sources; saves nothing")
    d.add_argument("--mode", default="classic", help="classic (default), sudden_death, "
                                                     "practice or review")
    d.add_argument("--count", type=int, metavar="N",
                   help="questions (Practice and Review; default: the mode's)")
    d.add_argument("--category", help="only this category")
    d.add_argument("--difficulty", choices=["easy", "medium", "hard"])
    d.add_argument("--player", help="deal as this player would be dealt (least seen first)")
    d.add_argument("--seed", type=int, help="the same seed and bank give the same deal")
    d.add_argument("--format", choices=["text", "md", "json"], default="text")
    s = sub.add_parser("scores", help="print the high-score table")
    s.add_argument("--mode", help="classic, sudden_death or review (default: every ranked mode; "
                                  "Practice is not ranked)")
    s.add_argument("--limit", type=int, default=10, metavar="N",
                   help="rows per mode (default 10)")
    s.add_argument("--player", help="only this player's games")
    s.add_argument("--time", default="standard", metavar="SETTING",
                   help="the table of games played with this time setting: standard (default), "
                        "x2, x10 or off (no limit); each is ranked apart")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    d = sub.add_parser("draft", help="draft cited questions from an article (text, Markdown or "
                                     "HTML) as a bank JSON; changes no database")
    d.add_argument("file", metavar="FILE", help="the article file, or - for standard input")
    for flag in ("title", "publication", "author", "url"):
        d.add_argument(f"--{flag}", default="", help=f"the article's {flag} (default: what the "
                                                     f"page says, else empty)")
    d.add_argument("--max", type=int, default=0, metavar="N",
                   help="at most N questions, the best ranked (default: no limit)")
    d.add_argument("-o", "--output", metavar="OUT", help="bank JSON to write (default: stdout)")
    _server_parser(sub)
    return p


def _draft(args: argparse.Namespace) -> int:
    from quiz.core.draft.command import run
    from quiz.core.draft.reader import Meta

    meta = Meta(title=args.title, publication=args.publication, author=args.author, url=args.url)
    return run(args.file, meta, args.max, args.output)


def _server_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sv = sub.add_parser("server", help="on PostgreSQL, for the database's owner: set the schema "
                                       "up, and give roles their rights")
    ss = sv.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    ss.add_parser("init", help="build or upgrade the schema, seed the bank, turn on row-level "
                               "security for the scores")
    gr = ss.add_parser("grant", help="give an existing PostgreSQL role a player's or an "
                                     "editor's rights")
    gr.add_argument("role", metavar="ROLE")
    gr.add_argument("--as", dest="as_", choices=["player", "editor"], required=True,
                    help="player: read everything, record own games; editor: also change the "
                         "bank")


def _server(args: argparse.Namespace) -> int:
    from quiz.core import server
    from quiz.core.paths import default_db_url

    url = args.db or default_db_url()
    if args.server_command == "init":
        print(server.init(url))
    else:
        print(server.grant(url, args.role, args.as_))
    return 0


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from quiz.core.db import open_database
    from quiz.core.paths import default_db_url

    return open_database(args.db or default_db_url(), daily_backup=True)


def _bank_file(args: argparse.Namespace) -> Path:
    from quiz.core.backup import sqlite_file
    from quiz.core.db import make_engine
    from quiz.core.errors import QuizError
    from quiz.core.paths import default_db_url

    url = args.db or default_db_url()
    make_engine(url).dispose()  # names a bad URL
    path = sqlite_file(url)
    if path is None:
        raise QuizError(f"backups are for SQLite files; {url!r} is not one (use your database "
                        f"server's own backup tools)")
    return path


def _backup(args: argparse.Namespace) -> int:
    from quiz.core import backup
    from quiz.core.errors import QuizError

    path = _bank_file(args)
    if args.list:
        found = backup.listing(path)
        if not found:
            print(f"no backups of {path} yet")
        for b in found:
            print(f"{b.path}  {b.label()}")
        return 0
    if not path.exists():
        raise QuizError(f"{path}: no such database (nothing to back up)")
    _open(args).dispose()  # refuses a damaged or newer file before copying it
    made = backup.take(path, "manual")
    print(f"backed up {path} to {made.path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from quiz.core import backup
    from quiz.core.db import open_database
    from quiz.core.errors import QuizError

    path = _bank_file(args)
    if args.file:
        source = Path(args.file)
    else:
        newest = backup.latest(path)
        if newest is None:
            raise QuizError(f"no backups of {path} to restore (they would be in "
                            f"{backup.folder(path)})")
        source = newest.path
    previous = backup.restore(path, source)
    open_database(args.db or f"sqlite:///{path}", seed=False).dispose()  # upgrades an old one
    print(f"restored {path} from {source}")
    if previous is not None:
        print(f"the bank it replaced is kept as {previous}")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from quiz.core.errors import QuizError
    from quiz.core.generate import can_restore, regenerate, restore

    db = _open(args)
    for qid in args.restore:  # check every id before changing anything
        if not can_restore(db, qid):
            raise QuizError(f"no generated original for question {qid!r}")
    report = regenerate(db)
    print(f"generated: {report.added} added, {report.updated} updated, "
          f"{report.unchanged} unchanged, {report.kept_edited} edited kept, "
          f"{report.removed} removed")
    for qid in args.restore:
        restore(db, qid)
        print(f"restored {qid}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from quiz.core import formats
    from quiz.core.errors import QuizError
    from quiz.core.interchange import export_file, export_text

    if not args.output:
        fmt = args.format or "json"
        if fmt in formats.BINARY:  # refused before the database is opened
            raise QuizError(f"{formats.LABELS[fmt]} is a binary file: give a file to write "
                            f"(-o FILE)")
        report = export_text(_open(args), sys.stdout, fmt)
        target = "stdout"
    else:
        target = args.output
        formats.from_name(Path(target), args.format)  # a clash changes nothing, opens nothing
        report = export_file(_open(args), Path(target), args.format)
    if args.output or report.left_out_count:  # stdout alone stays as quiet as it was
        print(report.summary(target), file=sys.stderr)
    for line in report.left_out[:10]:
        print(f"  left out {line}", file=sys.stderr)
    if report.left_out_count > 10:
        print(f"  … and {report.left_out_count - 10:,} more", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from quiz.core.interchange import import_file

    db = _open(args)
    r = import_file(db, Path(args.file), args.format)
    print(f"imported {args.file}: {r.added} added, {r.updated} updated, {r.unchanged} unchanged"
          f", {r.articles_added} articles added")
    if r.uncited:
        print(f"{r.uncited} of the questions added or updated came in uncited (no source "
              f"sentence to quote after the answer)")
    for note in r.notes:
        print(note)
    return 0


def _check(args: argparse.Namespace) -> int:
    from quiz.core.audit import audit

    found = audit(_open(args))
    if args.json:
        print(json.dumps([f.as_json() for f in found], ensure_ascii=False, indent=1))
    else:
        for f in found:
            print(f.line())
        errors = sum(f.problem.is_error for f in found)
        print(f"{errors} errors, {len(found) - errors} warnings", file=sys.stderr)
    return 1 if any(f.problem.is_error for f in found) else 0


def _deal(args: argparse.Namespace) -> int:
    from quiz.core.bank import categories, draw_game
    from quiz.core.deal import NOBODY, render
    from quiz.core.errors import QuizError
    from quiz.core.game import MODES, mode
    from quiz.core.players import clean_name

    # Check the arguments before the database is opened (or created): bad input changes nothing.
    game_mode = mode(args.mode)
    if args.count is not None:
        if not game_mode.choose_count:
            raise QuizError(f"--count is for {', '.join(m.label for m in MODES.values() if m.choose_count)}"
                            f" ({game_mode.label} asks {game_mode.questions or 'until a miss'})")
        if not 1 <= args.count <= 50:
            raise QuizError(f"--count must be 1 to 50 (got {args.count})")
    player = clean_name(args.player) if args.player is not None else NOBODY
    db = _open(args)
    if args.category and args.category not in categories(db):
        raise QuizError(f"no category {args.category!r} (the bank has: "
                        f"{', '.join(categories(db))})")
    deal = draw_game(db, game_mode, player, args.category, args.difficulty, args.count,
                     args.seed)
    sys.stdout.write(render(deal, args.format))
    return 0


def _scores(args: argparse.Namespace) -> int:
    from quiz.core.errors import QuizError
    from quiz.core.game import MODES
    from quiz.core.leaderboard import duration_text, local_text, ranked_mode, top
    from quiz.core.players import clean_name

    # Check the arguments before the database is opened (or created): bad input changes nothing.
    from quiz.core.timing import table_label, time_setting

    mode = ranked_mode(args.mode) if args.mode else None
    time = time_setting(args.time).key
    if args.limit < 1:
        raise QuizError(f"--limit must be at least 1 (got {args.limit})")
    if args.player is not None:
        clean_name(args.player)
    entries = top(_open(args), mode, args.limit, args.player, time)
    if args.json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=1))
        return 0
    if not entries:
        print(f"no {table_label(MODES[mode].label, time)} high scores yet" if mode
              else "no high scores yet")
        return 0
    width = max(6, *(len(e.player) for e in entries))
    shown = None
    for e in entries:
        if e.mode != shown:
            print(("\n" if shown else "") + table_label(MODES[e.mode].label, e.time_setting))
            print(f"{'#':>3}  {'player':<{width}}  {'score':>7}  {'correct':>7}  {'acc':>4}  "
                  f"{'streak':>6}  {'time':>7}  date")
            shown = e.mode
        print(f"{e.rank:>3}  {e.player:<{width}}  {e.score:>7,}  "
              f"{f'{e.correct}/{e.total}':>7}  {e.accuracy:>4.0%}  {e.best_streak:>6}  "
              f"{duration_text(e.duration_s):>7}  {local_text(e.finished_at)}")
    return 0


COMMANDS = {"generate": _generate, "export": _export, "import": _import, "scores": _scores,
            "check": _check, "deal": _deal, "draft": _draft,
            "backup": _backup, "restore": _restore, "server": _server}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "doctor":
            from quiz.doctor import main as doctor

            return doctor()
        if command == "gui":
            from quiz.doctor import NO_DISPLAY_HINT, display_problem

            problem = display_problem()
            if problem:  # Qt would abort (SIGABRT) with a message blaming libxcb-cursor0
                print(f"quiz: error: {problem}; {NO_DISPLAY_HINT}", file=sys.stderr)
                return 2
            from quiz.ui.app import run

            return run(args.db, args.smoke_test)
        return COMMANDS[command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the one place a failure becomes a plain line
        from quiz.core.errors import QuizError

        if isinstance(exc, QuizError):
            print(f"quiz: error: {exc}", file=sys.stderr)
        else:
            print(f"quiz: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
