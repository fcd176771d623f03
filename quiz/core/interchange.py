"""The bank JSON format (`"format": "kpop-quiz-bank", "version": 1`): export and import.

Export streams rows to the file. Import checks every question against `quiz.core.rules`
and the caps below before writing anything, then applies all of it in one transaction:
a file with one bad question changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session, col, delete, select

from quiz.core import models
from quiz.core.db import Database
from quiz.core.errors import QuizError
from quiz.core.rules import MAX_ID, Draft, problems

FORMAT = "kpop-quiz-bank"
VERSION = 1
ORIGINS = ("generated", "edited", "user")
MAX_ARTICLE_TEXT = 200_000
MAX_TITLE = 300
MAX_SOURCES = 5


def _json_line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def export_bank(db: Database, out: IO[str]) -> int:
    """Write the whole bank to `out`; returns the number of questions written."""
    with db.session() as s:
        out.write(f'{{"format": "{FORMAT}", "version": {VERSION},\n "articles": [')
        for i, a in enumerate(s.exec(select(models.Article).order_by(col(models.Article.id)))):
            art = {"id": a.id, "title": a.title, "publication": a.publication,
                   "author": a.author, "url": a.url, "text": a.text}
            out.write(("," if i else "") + "\n  " + _json_line(art))
        out.write("],\n \"questions\": [")
        count = 0
        for q, sources in _questions_with_sources(s):
            item = {
                "id": q.id, "type": q.type, "category": q.category, "difficulty": q.difficulty,
                "question": q.question, "correct_answer": q.correct_answer,
                "incorrect_answers": q.incorrect_answers, "accepted_answers": q.accepted_answers,
                "explanation": q.explanation,
                "sources": [{"article": x.article_id, "quote": x.quote, "start": x.start,
                             "end": x.end} for x in sources],
                "origin": q.origin, "fact": q.fact_id,
            }
            out.write(("," if count else "") + "\n  " + _json_line(item))
            count += 1
        out.write("]}\n")
    return count


def _questions_with_sources(s: Session, batch: int = 2000
                            ) -> Iterator[tuple[models.Question, list[models.Source]]]:
    last = ""
    while True:
        rows = list(s.exec(select(models.Question).where(col(models.Question.id) > last)
                           .order_by(col(models.Question.id)).limit(batch)))
        if not rows:
            return
        ids = [q.id for q in rows]
        sources: dict[str, list[models.Source]] = {}
        for src in s.exec(select(models.Source).where(col(models.Source.question_id).in_(ids))
                          .order_by(col(models.Source.question_id), col(models.Source.position))):
            sources.setdefault(src.question_id, []).append(src)
        for q in rows:
            yield q, sources.get(q.id, [])
        last = rows[-1].id
        s.expunge_all()


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    added: int
    updated: int
    unchanged: int
    articles_added: int


def _str(where: str, obj: dict[str, Any], name: str, default: str | None = None) -> str:
    value = obj.get(name, default)
    if not isinstance(value, str):
        raise QuizError(f"{where}: field {name!r} must be a string")
    return value


def _str_list(where: str, obj: dict[str, Any], name: str) -> list[str]:
    value = obj.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QuizError(f"{where}: field {name!r} must be a list of strings")
    return list(value)


def read_bank(path: Path) -> dict[str, Any]:
    """Parse a bank file; a QuizError naming the file and the problem otherwise."""
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise QuizError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise QuizError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise QuizError(f"{path}: permission denied") from None
    except UnicodeDecodeError:
        raise QuizError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise QuizError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                        f"{exc.msg})") from None
    except RecursionError:
        raise QuizError(f"{path}: JSON nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise QuizError(f"{path}: not a {FORMAT} file (missing \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise QuizError(f"{path}: unsupported version {data.get('version')!r} (expected {VERSION})")
    if not isinstance(data.get("questions"), list):
        raise QuizError(f"{path}: \"questions\" must be a list")
    if not isinstance(data.get("articles", []), list):
        raise QuizError(f"{path}: \"articles\" must be a list")
    return data


def _articles(path: Path, raw: list[Any], s: Session) -> tuple[dict[str, str], list[models.Article]]:
    texts = {a.id: a.text for a in s.exec(select(models.Article))}
    new: list[models.Article] = []
    for i, obj in enumerate(raw, 1):
        where = f"{path}: article {i}"
        if not isinstance(obj, dict):
            raise QuizError(f"{where}: must be an object")
        aid = _str(where, obj, "id")
        where = f"{path}: article {aid!r}"
        text = _str(where, obj, "text")
        title = _str(where, obj, "title", "")
        if not aid or len(aid) > 80:
            raise QuizError(f"{where}: field 'id' must be 1 to 80 characters")
        if len(text) > MAX_ARTICLE_TEXT or len(title) > MAX_TITLE:
            raise QuizError(f"{where}: text or title too long")
        if aid in texts:
            if texts[aid] != text:
                raise QuizError(f"{where}: text differs from the article already in the bank")
            continue
        texts[aid] = text
        new.append(models.Article(id=aid, title=title or aid,
                                  publication=_str(where, obj, "publication", ""),
                                  author=_str(where, obj, "author", ""),
                                  url=_str(where, obj, "url", ""), text=text))
    return texts, new


def _question(where: str, obj: Any, texts: dict[str, str]) -> tuple[dict[str, Any], list[Any]]:
    if not isinstance(obj, dict):
        raise QuizError(f"{where}: must be an object")
    draft = Draft(
        type=_str(where, obj, "type"), category=_str(where, obj, "category"),
        difficulty=_str(where, obj, "difficulty"), question=_str(where, obj, "question"),
        correct_answer=_str(where, obj, "correct_answer"),
        incorrect_answers=_str_list(where, obj, "incorrect_answers"),
        accepted_answers=_str_list(where, obj, "accepted_answers"),
        explanation=_str(where, obj, "explanation", ""),
    )
    raw_sources = obj.get("sources", [])
    if not isinstance(raw_sources, list) or len(raw_sources) > MAX_SOURCES:
        raise QuizError(f"{where}: field 'sources' must be a list of at most {MAX_SOURCES}")
    sources = []
    for j, src in enumerate(raw_sources, 1):
        if not isinstance(src, dict):
            raise QuizError(f"{where}: sources[{j}] must be an object")
        article, quote = _str(where, src, "article"), _str(where, src, "quote")
        draft.sources.append((article, quote))
        sources.append((article, quote, src.get("start"), src.get("end")))
    found = problems(draft, texts)
    if found:
        raise QuizError(f"{where}: {found[0]}")
    origin = _str(where, obj, "origin", "user")
    if origin not in ORIGINS:
        raise QuizError(f"{where}: field 'origin' must be one of {', '.join(ORIGINS)}")
    qid = obj.get("id")
    if qid is None:
        digest = hashlib.sha1(f"{draft.question}\0{draft.correct_answer}".encode()).hexdigest()
        qid = f"user-{digest[:12]}"
    if not isinstance(qid, str) or not qid or len(qid) > MAX_ID:
        raise QuizError(f"{where}: field 'id' must be a string of 1 to {MAX_ID} characters")
    fact = obj.get("fact")
    if fact is not None and not isinstance(fact, str):
        raise QuizError(f"{where}: field 'fact' must be a string or null")
    fields = {"id": qid, "type": draft.type, "category": draft.category,
              "difficulty": draft.difficulty, "question": draft.question,
              "correct_answer": draft.correct_answer,
              "incorrect_answers": draft.incorrect_answers,
              "accepted_answers": draft.accepted_answers, "explanation": draft.explanation,
              "origin": origin, "fact_id": fact}
    return fields, sources


def import_bank(db: Database, path: Path, dry_run: bool = False) -> ImportReport:
    """Add or update every question of the file at `path`, all or nothing."""
    data = read_bank(path)
    with db.session() as s:
        texts, new_articles = _articles(path, data.get("articles", []), s)
        facts = set(s.exec(select(models.Fact.id)))
        parsed = []
        ids: set[str] = set()
        for i, obj in enumerate(data["questions"], 1):
            label = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else i
            fields, sources = _question(f"{path}: question {label}", obj, texts)
            if fields["id"] in ids:
                raise QuizError(f"{path}: question {fields['id']}: id appears twice in the file")
            ids.add(fields["id"])
            if fields["fact_id"] not in facts:
                fields["fact_id"] = None
            parsed.append((fields, sources))
        added = updated = unchanged = 0
        for a in new_articles:
            s.add(a)
        s.flush()
        for fields, sources in parsed:
            row = s.get(models.Question, fields["id"])
            if row is None:
                row = models.Question(**fields)
                s.add(row)
                added += 1
            elif _same(row, fields, sources, s):
                unchanged += 1
                continue
            else:
                if row.origin == "generated" and fields["origin"] == "generated":
                    fields["origin"] = "edited"
                for name, value in fields.items():
                    setattr(row, name, value)
                row.updated_at = models.utcnow()
                updated += 1
            s.flush()
            s.exec(delete(models.Source).where(col(models.Source.question_id) == row.id))
            for j, (article, quote, start, end) in enumerate(sources):
                text = texts[article]
                if not (isinstance(start, int) and isinstance(end, int)
                        and text[start:end] == quote):
                    start = text.find(quote)
                    end = start + len(quote)
                s.add(models.Source(question_id=row.id, position=j, article_id=article,
                                    quote=quote, start=start, end=end))
        report = ImportReport(added, updated, unchanged, len(new_articles))
        if dry_run:
            s.rollback()
        return report


def _same(row: models.Question, fields: dict[str, Any], sources: list[Any], s: Session) -> bool:
    if any(getattr(row, k) != v for k, v in fields.items() if k != "id"):
        return False
    current = [(x.article_id, x.quote) for x in s.exec(
        select(models.Source).where(models.Source.question_id == row.id)
        .order_by(col(models.Source.position)))]
    return current == [(a, q) for a, q, _s, _e in sources]
