"""The strategic-analysis screens under AppTest: the public reader and search (visitors and members), the
worksheet screen (autosave, history, restore, hand-in, exports), the chapter quiz and the instructors'
review — for every role, with hostile input stored and shown as text."""

from __future__ import annotations

import pytest

from access.roles import Role
from services import analysis, groups, quizzes
from tests.app.conftest import open_app
from tests.helpers import make_user

HOSTILE = [
    "x" * 100_000,
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "[clic](javascript:alert(1)) **gras** ![img](http://x/y.png) | a | b |",
    "$\\LaTeX$ :red[x] {name} {0} %s",
    "\x00\x07\x1b[31m\u202e\ufeff",
    "王小明 محمد Ольга 🙂",
]
GRID_PAGE = "app_pages/worksheet.py"
READER = "app_pages/analysis.py"


def _page(user, path, lang="en", **params):
    at = open_app(user, lang=lang)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def _markdown(at) -> str:
    return "\n".join(element.value for element in at.markdown)


def _content():
    from library.content import load_library
    from tests.conftest import CONTENT_DIR

    return load_library(CONTENT_DIR)


# --- the public reader ------------------------------------------------------------------------------------


def test_a_visitor_reads_the_table_of_contents_and_a_chapter(app_db):
    at = _page(None, READER)
    assert at.title[0].value == "Strategic analysis"
    toc = [link.label for link in at.get("page_link")]
    assert "2. Describing the environment: PMESII and ASCOPE" in toc
    assert any("Tassandia" in label for label in toc)
    at.query_params["doc"] = "a02-environment"
    at.run()
    assert not at.exception
    assert at.header[0].value == "2. Describing the environment: PMESII and ASCOPE"
    text = _markdown(at)
    assert "Le PMESII découpe l'environnement en six domaines" in text.replace("\\", "")
    assert "PMESII divides the environment" in text  # English beside the French by default in English
    assert at.get("audio") == [] and at.button(key="analysis_audio_a02-environment_p1_audio_play")
    # No member controls for a visitor; sign-in prompts where an account is needed.
    assert not [b for b in at.button if b.key and b.key.startswith("analysis_read_")]
    prompts = [c.value for c in at.caption]
    assert any("Sign in to take the quiz" in c for c in prompts)
    assert any("Sign in to fill in the worksheet" in c for c in prompts)


def test_the_gloss_language_choice(app_db):
    at = _page(None, READER, doc="a01-question")
    at.segmented_control(key="analysis_gloss").set_value("fr").run()
    text = _markdown(at)
    assert "Pourquoi" in text.replace("\\", "") and "Why" not in text
    at.segmented_control(key="analysis_gloss").set_value("fr_es").run()
    spanish = _markdown(at)
    assert "¿" in spanish and "Why" not in spanish
    fr = _page(None, READER, lang="fr", doc="a01-question")
    assert fr.segmented_control(key="analysis_gloss").value == "fr"


def test_a_shared_link_opens_the_paragraph(app_db):
    at = _page(None, READER, doc="a02-environment", p="p4")
    assert at.info[0].value.startswith("The paragraph § p4")
    assert at.query_params["p"] == ["p4"] or at.query_params["p"] == "p4"
    bad = _page(None, READER, doc="a02-environment", p="<script>")
    assert not bad.info and "p" not in bad.query_params
    nowhere = _page(None, READER, doc="../../etc/passwd")
    assert nowhere.subheader[0].value == "Chapters of the method"  # the table of contents


def test_search_ranks_highlights_safely_and_links_to_the_paragraph(app_db):
    at = _page(None, READER)
    at.text_input(key="analysis_query").input("degré de confiance").run()
    assert not at.exception
    text = _markdown(at)
    assert ":orange-background[**degré de confiance**]" in text
    links = [link for link in at.get("page_link") if link.label.startswith("Open this paragraph")]
    assert links and links[0].proto.query_string.startswith("doc=")
    # The author's text is escaped; a query made of markup shows nothing raw.
    at.text_input(key="analysis_query").input("<script>alert(1)</script> PMESII").run()
    assert not at.exception
    assert "<script>" not in _markdown(at)


def test_a_key_term_opens_its_card(app_db):
    at = _page(None, READER, doc="a02-environment")
    at.button(key="analysis_term_button_0").click().run()
    card = [s.value for s in at.subheader]
    assert "le PMESII" in card
    assert any("Sign in to add this term" in c.value for c in at.caption)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_search_queries(app_db, text):
    at = _page(None, READER)
    at.text_input(key="analysis_query").input(text[:200]).run()
    assert not at.exception, at.exception


# --- members on the reader ----------------------------------------------------------------------------------


def test_a_member_records_reading_and_adds_a_term_to_drills(users, app_db, now):
    learner = users[Role.LEARNER]
    at = _page(learner, READER, doc="a02-environment")
    content = _content()
    with app_db.reading() as session:
        assert analysis.reading_progress(session, learner.id, content)["a02-environment"].furthest == 0
    at.button(key="analysis_read_p4").click().run()
    with app_db.reading() as session:
        read = analysis.reading_progress(session, learner.id, content)["a02-environment"]
    assert (read.last_paragraph, read.furthest) == ("p4", 3)
    resume = [link for link in at.get("page_link") if link.label.startswith("Resume at")]
    assert resume
    at.button(key="analysis_mark_read").click().run()
    with app_db.reading() as session:
        assert analysis.reading_progress(session, learner.id, content)["a02-environment"].done
    at.button(key="analysis_term_button_0").click().run()
    at.button(key="analysis_term_add").click().run()
    assert at.success[0].value.startswith("Added")
    from services import drills

    with app_db.reading() as session:
        assert drills.due_count(session, learner.id, now.replace(year=2100)) == 1


# --- the worksheet screen -----------------------------------------------------------------------------------


def _grid_cell(at, row, col):
    return next(w for w in at.text_area if w.key and w.key.endswith(f"_cell_{row}_{col}"))


def test_a_visitor_gets_the_login_form_on_member_screens(app_db):
    for path in (GRID_PAGE, "app_pages/chapter_quiz.py", "app_pages/analysis_review.py"):
        at = _page(None, path)
        assert at.title[0].value == "Log in to Parlez", path


def test_worksheet_edits_are_saved_at_once_and_survive_a_new_session(users, app_db):
    learner = users[Role.LEARNER]
    at = _page(learner, GRID_PAGE, sheet="w02-pmesii-ascope", case="tassandie")
    assert at.selectbox(key="ws_sheet").value == "w02-pmesii-ascope"
    assert len([w for w in at.text_area if "_cell_" in (w.key or "")]) == 36
    _grid_cell(at, 2, 1).input("La route de Dassa (patrouille)").run()
    _grid_cell(at, 3, 4).input("Les éleveurs sélé").run()
    assert not at.exception
    again = _page(learner, GRID_PAGE, sheet="w02-pmesii-ascope", case="tassandie")  # a refresh
    assert _grid_cell(again, 2, 1).value == "La route de Dassa (patrouille)"
    assert _grid_cell(again, 3, 4).value == "Les éleveurs sélé"
    assert any("version 2" in c.value for c in again.caption)
    other = _page(users[Role.INSTRUCTOR], GRID_PAGE, sheet="w02-pmesii-ascope", case="tassandie")
    assert _grid_cell(other, 2, 1).value == ""  # someone else's sheet is their own, empty


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_a_worksheet_is_stored_and_shown_as_text(users, app_db, text):
    learner = users[Role.LEARNER]
    at = _page(learner, GRID_PAGE, sheet="w08-note", case="own")
    box = next(w for w in at.text_area if w.key and w.key.endswith("_field_0"))
    box.input(text).run()
    assert not at.exception, at.exception
    content = _content()
    with app_db.reading() as session:
        stored = analysis.open_worksheet(session, learner.id, content, "w08-note", "own").answers[
            "bottom_line"
        ]
    expected = "".join(ch for ch in text if ch not in "\x00\x07\x1b")
    assert stored == expected
    again = _page(learner, GRID_PAGE, sheet="w08-note", case="own")
    assert next(w for w in again.text_area if w.key.endswith("_field_0")).value == expected
    assert "<script>" not in _markdown(again) and "](javascript" not in _markdown(again)


def test_table_rows_weighted_totals_history_and_restore(users, app_db):
    learner = users[Role.LEARNER]
    at = _page(learner, GRID_PAGE, sheet="w03-stakeholders", case="belvere")
    next(w for w in at.text_area if w.key.endswith("_tcell_0_0")).input("Le FLN-T").run()
    next(b for b in at.button if b.key and b.key.endswith("_add_row")).click().run()
    next(w for w in at.text_area if w.key.endswith("_tcell_1_0")).input("La MINUTAS").run()
    assert not at.exception
    with app_db.reading() as session:
        rows = analysis.open_worksheet(
            session, learner.id, _content(), "w03-stakeholders", "belvere"
        ).answers["rows"]
    assert [row["actor"] for row in rows] == ["Le FLN-T", "La MINUTAS"]
    # history: 3 versions (cell, new row, cell); restore the first
    at.button(key="ws_restore_1").click().run()
    assert at.success[0].value.startswith("Version 1 restored")
    assert [w.value for w in at.text_area if "_tcell_" in w.key and w.key.endswith("_0")][:1] == ["Le FLN-T"]
    assert not [w for w in at.text_area if w.key.endswith("_tcell_1_0")]

    weighted = _page(learner, GRID_PAGE, sheet="w07-courses", case="belvere")
    next(b for b in weighted.button if b.key.endswith("_add_option")).click().run()
    scores = [s for s in weighted.selectbox if "_opt_0_score_" in (s.key or "")]
    assert len(scores) == 5
    scores[0].set_value(5).run()  # faisabilité, weight 4
    protection = next(s for s in weighted.selectbox if s.key.endswith("_opt_0_score_2"))  # weight 5
    protection.set_value(4).run()
    assert not weighted.exception
    totals = weighted.dataframe[0].value
    assert list(totals.iloc[0])[2] == 4 * 5 + 5 * 4


def test_hand_in_comment_and_read_the_comment(users, app_db, now):
    learner, teacher = users[Role.LEARNER], users[Role.INSTRUCTOR]
    with app_db.transaction() as session:
        group = groups.create_group(session, teacher.id, "Section", now)
        groups.join_group(session, learner.id, group.join_code, now)
    at = _page(learner, GRID_PAGE, sheet="w06-ffom", case="tassandie")
    next(w for w in at.text_area if w.key.endswith("_box_strengths")).input("<b>Des troupes</b> [x](y)").run()
    at.button(key="ws_submit").click().run()
    assert at.success[0].value.startswith("Handed in")
    review = _page(teacher, "app_pages/analysis_review.py")
    assert "Learner One" in review.selectbox(key="review_submission").options[0]
    assert "\\<b\\>Des troupes\\<\\/b\\> \\[x\\]\\(y\\)" in _markdown(review)
    box = next(w for w in review.text_area if w.key.endswith("_strengths"))
    box.input("Précisez **lesquelles** <i>")  # inside a form: sent with the button
    send = [b for b in review.button if (b.key or "").startswith("review_send_")]
    next(b for b in send if b.key.endswith("_strengths")).click()
    review.run()
    assert review.success[0].value == "Comment sent."
    review.button(key="review_mark").click().run()
    assert review.info[0].value == "No worksheet is waiting here."
    again = _page(learner, GRID_PAGE, sheet="w06-ffom", case="tassandie")
    assert "Précisez \\*\\*lesquelles\\*\\* \\<i\\>" in _markdown(again)
    assert any("reviewed" in c.value for c in again.caption)


def test_exports_are_offered_for_one_sheet_and_the_whole_analysis(users, app_db):
    learner = users[Role.LEARNER]
    at = _page(learner, GRID_PAGE, sheet="w08-note", case="tassandie")
    keys = {button.key for button in at.get("download_button")}
    assert {f"ws_export_{scope}_{fmt}" for scope in ("one", "all") for fmt in ("md", "docx", "pdf")} <= keys


# --- chapter quiz and review, every role -------------------------------------------------------------------


def test_a_chapter_quiz_from_start_to_score(users, app_db):
    learner = users[Role.LEARNER]
    content = _content()
    at = _page(learner, "app_pages/chapter_quiz.py", chapter="a02-environment")
    assert at.selectbox(key="chapter_quiz_choice").value == "a02-environment"
    at.button(key="chapter_quiz_start").click().run()
    with app_db.reading() as session:
        attempt = analysis.open_chapter_attempt(session, learner.id, content, "a02-environment")
    wrong = 0
    for position in range(attempt.question_count):
        right = quizzes.question_at(content, attempt, position).accepted_for("en")[0]
        if at.radio:
            at.radio[0].set_value(right)
        elif not wrong:  # the first typed answer is wrong, the others right
            at.text_input[0].input("je ne sais pas")
            wrong = 1
        else:
            at.text_input[0].input(right)
        next(b for b in at.button if b.label == "Answer").click()
        at.run()
        assert not at.exception
    score = round(100 * (attempt.question_count - wrong) / attempt.question_count)
    assert at.subheader[0].value == f"Your score: {score} %"
    with app_db.reading() as session:
        best = analysis.chapter_quiz_scores(session, learner.id)["a02-environment"]
    assert best * 100 == pytest.approx(score, abs=1)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    "path", [READER, GRID_PAGE, "app_pages/chapter_quiz.py", "app_pages/analysis_review.py"]
)
def test_every_analysis_screen_for_every_role(users, role, path):
    user = users[role]
    if path.endswith("analysis_review.py") and role is Role.LEARNER:
        at = open_app(user)
        with pytest.raises(ValueError):  # not in a learner's navigation
            at.switch_page(path)
        return
    at = _page(user, path)
    assert at.title


def test_an_instructor_sees_only_their_groups_submissions(users, app_db, now):
    learner, teacher = users[Role.LEARNER], users[Role.INSTRUCTOR]
    stranger = make_user(app_db, "stranger", now, Role.INSTRUCTOR)
    content = _content()
    with app_db.transaction() as session:
        group = groups.create_group(session, teacher.id, "Section", now)
        groups.join_group(session, learner.id, group.join_code, now)
        analysis.save_worksheet(session, learner.id, content, "w08-note", "own", {"bottom_line": "x"}, now)
        analysis.submit_worksheet(session, learner.id, content, "w08-note", "own", now)
    assert _page(teacher, "app_pages/analysis_review.py").selectbox(key="review_submission")
    assert _page(users[Role.ADMIN], "app_pages/analysis_review.py").selectbox(key="review_submission")
    assert _page(stranger, "app_pages/analysis_review.py").info[0].value == "No worksheet is waiting here."


# --- analysis work assigned, followed on the learner's page and the dashboard ------------------------------


def test_analysis_work_is_assigned_opened_and_followed(users, app_db):
    from datetime import UTC, datetime

    from services import dashboards

    instructor, learner = users[Role.INSTRUCTOR], users[Role.LEARNER]
    moment = datetime.now(UTC)
    with app_db.transaction() as session:
        group = groups.create_group(session, instructor.id, "Section Alfa", moment)
        groups.join_group(session, learner.id, group.join_code, moment)
    at = _page(instructor, "app_pages/groups.py")
    for kind, pick in (
        ("chapter", ("groups_chapter", "a03-actors")),
        ("chapter_quiz", ("groups_chapter_quiz", "a02-environment")),
        ("worksheet", ("groups_worksheet", "w06-ffom")),
    ):
        at.segmented_control(key="groups_kind").set_value(kind).run()
        at.selectbox(key=pick[0]).select(pick[1]).run()
        if kind == "worksheet":
            at.selectbox(key="groups_situation").select("own").run()
        at.button(key="groups_assign").click().run()
        assert not at.exception, at.exception
    labels = [m.value.replace("\\", "") for m in at.markdown]
    assert "**Read: 3. The actors: interests, positions, capabilities**" in labels
    assert "**Chapter quiz: 2. Describing the environment: PMESII and ASCOPE**" in labels
    assert "**Worksheet: The SWOT grid and its crossings (My own situation)**" in labels

    mine = _page(learner, "app_pages/assignments.py")
    queries = [link.proto.query_string for link in mine.get("page_link")]
    assert "doc=a03-actors" in queries
    assert any(q.startswith("chapter=a02-environment&assignment=") for q in queries)
    assert "sheet=w06-ffom&case=own" in queries

    reader = _page(learner, READER, doc="a03-actors")
    reader.button(key="analysis_mark_read").click().run()
    sheet = _page(learner, GRID_PAGE, sheet="w06-ffom", case="own")
    next(w for w in sheet.text_area if w.key.endswith("_box_threats")).input("Les rumeurs à la radio").run()
    sheet.button(key="ws_submit").click().run()
    with app_db.reading() as session:
        board = dashboards.group_dashboard(session, instructor.id, group.id, datetime.now(UTC))
    assert board.completion(learner.id) == (2, 3)
    assert board.chapters_read == {learner.id: 1} and board.worksheets_handed_in == {learner.id: 1}
    dashboard = _page(instructor, "app_pages/dashboard.py")
    table = dashboard.dataframe[0].value
    assert {"Analysis read", "Worksheets handed in"} <= set(table.columns)
    assert any(column.startswith("#") and "Chapter quiz A2" in column for column in table.columns)
