"""Random-inspection plans on the real database: strata from the registry and the queue, the
draw kept and verifiable, inspectors never sent against a conflict, the work, the deadlines."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.desk.errors import CityOnly
from bot.desk.staff import StaffDirectory, StaffMember, parse_staff
from bot.inspections import plans
from bot.inspections.draw import Rates, Stratum
from bot.inspections.latest import latest_inspection
from tests.desk_queue import HUAYUE, at, known_queue, queue_db
from tests.registry_edit import registry_writer

STAFF = "7001:city,7002:静安,7003:浦东新区,7004:静安,7005:city"
DIRECTORY = StaffDirectory(parse_staff(STAFF))
CITY = DIRECTORY.members[7001]
JINGAN = DIRECTORY.members[7002]
DAY = date(2026, 6, 1)


def test_strata_follow_the_key_list_tickets_abnormal_list_grade_and_new_licences() -> None:
    db = queue_db()
    found = {c.subject_id: c.stratum for c in plans.strata(db, DAY, None)}
    assert found and set(found.values()) <= set(Stratum)
    with registry_writer(db) as registry:
        registry.execute(
            "INSERT INTO listings (subject_id, list, reason, authority, decision_no, listed_on) "
            "VALUES (?, 'key_monitoring', 'x', 'y', 'z', '2026-01-01')",
            [HUAYUE],
        )
    assert {c.subject_id: c.stratum for c in plans.strata(db, DAY, None)}[HUAYUE] == Stratum.KEY
    queue = known_queue(queue_db())  # 上海华岳 has substantiated tickets
    raised = {c.subject_id: c.stratum for c in plans.strata(queue.db, DAY, None)}
    assert raised[HUAYUE] == Stratum.RAISED


def plan(db, **changes):  # type: ignore[no-untyped-def]
    values = dict(planned_on=DAY, district=None, item_codes=[], rates=Rates(0.5),
                  seed="public-seed", now=at("2026-06-01"))  # fmt: skip
    values.update(changes)
    return plans.make_plan(db, CITY, DIRECTORY, **values)


def test_a_plan_is_kept_with_its_public_inputs_and_verifies_until_one_target_changes() -> None:
    db = queue_db()
    made = plan(db)
    drawn = [t.subject_id for t in plans.targets(db, made.id)]
    assert drawn and plans.check_plan(db, made.id, drawn).matches
    changed = [*drawn[:-1], "91310000XXXXXXXXXX"]
    found = plans.check_plan(db, made.id, changed)
    assert not found.matches and found.missing == [drawn[-1]] and found.extra == changed[-1:]
    assert made.seed.startswith("public-seed-")  # a random part is joined at the draw
    again = plan(queue_db())
    assert again.seed != made.seed  # so the same given seed never draws the same twice


def test_each_target_gets_two_inspectors_never_one_with_a_declared_conflict() -> None:
    db = queue_db()
    for subject in [c.subject_id for c in plans.strata(db, DAY, None)]:
        plans.declare_conflict(db, CITY, DIRECTORY, 7001, subject, now=at("2026-05-30"))
    made = plan(db, rates=Rates(1.0))
    for target in plans.targets(db, made.id):
        assert len(set(target.inspectors)) == 2 and 7001 not in target.inspectors


def test_a_district_plans_only_its_own_district() -> None:
    db = queue_db()
    with pytest.raises(CityOnly):
        plans.make_plan(db, JINGAN, DIRECTORY, planned_on=DAY, district=None, item_codes=[],
                        rates=Rates(0.5), seed="s", now=at("2026-06-01"))  # fmt: skip


def test_a_redraw_needs_a_reason_is_logged_and_is_refused_once_results_exist() -> None:
    db = queue_db()
    made = plan(db, rates=Rates(1.0))
    with pytest.raises(plans.RedrawReasonNeeded):
        plans.redraw(db, CITY, DIRECTORY, made.id, seed="new", reason=" ", now=at("2026-06-02"))
    plans.redraw(
        db, CITY, DIRECTORY, made.id, seed="new", reason="种子公布有误", now=at("2026-06-02")
    )
    line = next(db.query("SELECT note, after FROM audit_log WHERE action = 'inspection_redraw'"))
    assert line["note"] == "种子公布有误" and made.seed in line["after"]
    first = plans.targets(db, made.id)[0]
    inspector = StaffMember(first.inspectors[0], "city")
    plans.record(db, inspector, made.id, first.subject_id, "licence", "pass",
                 now=at("2026-06-03"), today=date(2026, 6, 3))  # fmt: skip
    with pytest.raises(plans.RedrawAfterResults):
        plans.redraw(db, CITY, DIRECTORY, made.id, seed="third", reason="x", now=at("2026-06-04"))


def test_results_close_a_target_and_it_is_published_the_next_working_day() -> None:
    db = queue_db()
    made = plan(db, rates=Rates(1.0), item_codes=["licence", "annual_report"])
    first = plans.targets(db, made.id)[0]
    inspector = StaffMember(first.inspectors[0], "city")
    stranger = StaffMember(
        next(i for i in (7001, 7002, 7003, 7004, 7005) if i not in first.inspectors), "city"
    )
    with pytest.raises(plans.NotTheInspector):
        plans.record(db, stranger, made.id, first.subject_id, "licence", "pass",
                     now=at("2026-06-03"), today=date(2026, 6, 3))  # fmt: skip
    plans.record(db, inspector, made.id, first.subject_id, "licence", "pass",
                 now=at("2026-06-03"), today=date(2026, 6, 3))  # fmt: skip
    with pytest.raises(plans.ResultsMissing):
        plans.close_target(db, inspector, made.id, first.subject_id, now=at("2026-06-03"),
                           today=date(2026, 6, 3))  # fmt: skip
    with pytest.raises(plans.DeadlineNeeded):
        plans.record(db, inspector, made.id, first.subject_id, "annual_report", "rectify",
                     now=at("2026-06-03"), today=date(2026, 6, 3))  # fmt: skip
    # Friday 2026-09-25 (the Mid-Autumn Festival), 5 working days: 28, 29, 30 September, then
    # after the National Day holiday (1-7 October) the 8th and the 9th.
    done = plans.record(db, inspector, made.id, first.subject_id, "annual_report", "rectify",
                        rectify_days=5, now=at("2026-09-25"), today=date(2026, 9, 25))  # fmt: skip
    assert done.results["annual_report"]["due_on"] == "2026-10-09"
    closed = plans.close_target(db, inspector, made.id, first.subject_id, now=at("2026-09-25"),
                                today=date(2026, 9, 25))  # fmt: skip
    assert closed.published_on == date(2026, 9, 28)
    assert plans.published_targets(db, made.id, date(2026, 9, 25)) == []
    assert [t.subject_id for t in plans.published_targets(db, made.id, date(2026, 9, 28))] == [
        first.subject_id
    ]
    assert latest_inspection(db, first.subject_id, date(2026, 9, 28)) is not None
    overdue = plans.due_rectifications(db, date(2026, 10, 10))[0]
    assert overdue["subject_id"] == first.subject_id and overdue["due_on"] < "2026-10-10"
    with pytest.raises(plans.TargetClosed):
        plans.record(db, inspector, made.id, first.subject_id, "licence", "case",
                     now=at("2026-09-26"), today=date(2026, 9, 26))  # fmt: skip


def test_the_command_line_draws_lists_and_verifies(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "lantian.db"
    queue_db(db_path).close()
    env = {"LANTIAN_STAFF": STAFF, "LANTIAN_TODAY": DAY.isoformat()}
    run = lambda *args: CliRunner().invoke(cli, [*args, "--db", str(db_path)], env=env)  # noqa: E731
    made = run("inspect", "plan", "--share", "1", "--seed", "s1", "--staff-id", "7001")
    assert made.exit_code == 0, made.output
    assert "2026-06-01-1" in made.output and "s1" in made.output
    assert run("inspect", "verify", "2026-06-01-1").exit_code == 0  # public: no staff id
    forged = tmp_path / "forged.txt"
    forged.write_text("91310000XXXXXXXXXX\n")
    refused = run("inspect", "verify", "2026-06-01-1", "--published", str(forged))
    assert refused.exit_code == 1 and "91310000XXXXXXXXXX" in refused.output
    listed = run("inspect", "list", "--staff-id", "7002")
    assert listed.exit_code == 0 and listed.output.strip()


@pytest.mark.slow
def test_the_site_publishes_a_plan_only_after_a_target_closes_and_never_an_inspector(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from bot.site.build import build_site

    db = queue_db()
    made = plan(db, rates=Rates(1.0), item_codes=["licence"])
    first = plans.targets(db, made.id)[0]
    inspector = StaffMember(first.inspectors[0], "city")
    before = tmp_path / "before"
    build_site(db, before, today=date(2026, 6, 10))
    assert not list(before.glob("campaign/inspections/*"))
    plans.record(db, inspector, made.id, first.subject_id, "licence", "rectify", rectify_days=10,
                 now=at("2026-06-03"), today=date(2026, 6, 3))  # fmt: skip
    plans.close_target(db, inspector, made.id, first.subject_id, now=at("2026-06-03"),
                       today=date(2026, 6, 3))  # fmt: skip
    same_day = tmp_path / "same-day"
    build_site(db, same_day, today=date(2026, 6, 3))  # closed today: published the next day
    assert not list(same_day.glob("campaign/inspections/*"))
    after = tmp_path / "after"
    build_site(db, after, today=date(2026, 6, 4))
    page = next(after.glob(f"campaign/inspections/{made.id}/index.html")).read_text()
    assert first.subject_id in page and made.seed in page and "限 2026-06-17 前整改" in page
    assert not any(str(i) in page for i in first.inspectors)  # ids of inspectors never shown
    csv_text = next(after.glob(f"campaign/inspections/{made.id}-candidates.csv")).read_text()
    assert csv_text.startswith("subject_id,stratum") and first.subject_id in csv_text
    method = (after / "campaign" / "random-inspections" / "index.html").read_text()
    assert made.id in method


def test_the_check_shows_the_latest_published_inspection_as_information() -> None:
    from bot.check import check

    db = queue_db()
    made = plan(db, rates=Rates(1.0), item_codes=["licence"])
    first = plans.targets(db, made.id)[0]
    before = check(db, first.subject_id, today=date(2026, 6, 10))
    inspector = StaffMember(first.inspectors[0], "city")
    plans.record(db, inspector, made.id, first.subject_id, "licence", "pass",
                 now=at("2026-06-03"), today=date(2026, 6, 3))  # fmt: skip
    plans.close_target(db, inspector, made.id, first.subject_id, now=at("2026-06-03"),
                       today=date(2026, 6, 3))  # fmt: skip
    assert "inspected" not in [
        r.code for r in check(db, first.subject_id, today=date(2026, 6, 3)).reasons
    ]
    after = check(db, first.subject_id, today=date(2026, 6, 4))
    line = next(r for r in after.reasons if r.code == "inspected")
    assert line.severity == "info" and line.date == "2026-06-03"
    assert "合格" in line.text("zh") and made.id in line.text("en")
    assert after.level == before.level  # information: the verdict itself is unchanged


def test_a_missed_rectification_deadline_escalates_in_the_digest_and_counts_in_the_report(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from bot.desk.digest import digest_text
    from bot.desk.reports import campaign_report

    db = queue_db()
    made = plan(db, rates=Rates(1.0), item_codes=["licence", "branch_filing"])
    first, second = plans.targets(db, made.id)[:2]
    for found, result in ((first, "rectify"), (second, "not_found")):
        inspector = StaffMember(found.inspectors[0], "city")
        plans.record(db, inspector, made.id, found.subject_id, "licence", result, rectify_days=3,
                     now=at("2026-06-03"), today=date(2026, 6, 3))  # fmt: skip
    due = date(2026, 6, 8)  # 3 working days after Wednesday 3 June
    soon = digest_text(db, CITY, today=date(2026, 6, 4), lang="zh")
    assert f"限 {due.isoformat()} 前整改" in soon and first.subject_id in soon
    late = digest_text(db, CITY, today=date(2026, 6, 9), lang="en")
    assert f"overdue since {due.isoformat()}" in late
    report = campaign_report(db, kind="stage", until=date(2026, 7, 14), cases_dir=tmp_path)
    text = report.markdown()
    assert "双随机抽查" in text and "逾期未整改 1 项" in text and second.subject_id in text
    inspector = StaffMember(first.inspectors[0], "city")
    plans.rectified(db, inspector, made.id, first.subject_id, "licence", now=at("2026-06-10"),
                    today=date(2026, 6, 10))  # fmt: skip
    assert first.subject_id not in digest_text(db, CITY, today=date(2026, 6, 11), lang="zh")
    again = campaign_report(db, kind="stage", until=date(2026, 7, 14), cases_dir=tmp_path)
    assert "责令整改已完成 1 项，逾期未整改 0 项" in again.markdown()


@pytest.mark.parametrize(
    "text",
    [
        "- code: licence\n  zh: 甲\n",
        "{{{",
        "- code: a\n  zh: 甲\n  en: A\n- code: a\n  zh: 乙\n  en: B\n",
        "",
        "- code: ../x\n  zh: 甲\n  en: A\n",
    ],
)
def test_a_hand_edited_item_list_that_is_wrong_is_refused_plainly(tmp_path, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "items.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(plans.ItemListInvalid) as refused:
        plans.items(path)
    assert str(path) in refused.value.message("en")
