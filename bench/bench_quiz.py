"""Quiz figures: the AppTest rerun of a started final assessment (the quiz is built once, then kept by the
content library), and one graded answer through the service."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.common import ROOT, median_ms, page_rerun_ms
from library.content import load_library
from progress.db import Database
from progress.migrate import upgrade_database
from services import accounts, quizzes

NOW = datetime.now(UTC)


def run() -> dict[str, float]:
    content = load_library(ROOT / "content")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'quiz.sqlite3'}"
        upgrade_database(url)
        db = Database(url)
        with db.transaction() as session:
            learner = accounts.sign_up(session, "quizbench", "Quiz Bench", "bench password", NOW)
            attempt = quizzes.start_quiz(session, learner.id, content, "final", NOW, seed=42)
        question = quizzes.question_at(content, attempt, 0)
        position = iter(range(attempt.question_count))

        def answer() -> None:
            with db.transaction() as session:
                quizzes.answer_quiz_question(
                    session, learner.id, attempt.id, next(position), question.accepted[0], content, "en", NOW
                )

        figures = {"quiz_answer_ms": median_ms(answer, 10)}
        db.dispose()
        figures["quiz_rerun_ms"] = page_rerun_ms(
            url, learner.id, "app_pages/quiz.py", repeat=20, query={"quiz": "final"}
        )
    return figures
