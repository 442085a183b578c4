"""`lantian inspect …`: random inspections ("双随机、一公开") from a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot.common_cli import common_options, opened, settings_from
from bot.staff_cli import staff_of, staff_options
from bot.words import BOTH, Lang, say
from bot.words.inspections import INSPECT_PAGE, INSPECTOR, STRATA, inspect_text

if TYPE_CHECKING:
    import sqlite_utils

    from bot.inspections.plans import Plan, Target


@click.group()
def inspect() -> None:
    """双随机抽查 / Random inspections."""


@inspect.command("plan")
@click.option("--district", help="One district (default: the whole city).")
@click.option("--item", "item_codes", multiple=True, help="An item code (default: every item).")
@click.option("--share", type=float, default=0.05, show_default=True, help="Share to draw.")
@click.option("--raised", type=float, default=3.0, show_default=True, help="Raised-rate factor.")
@click.option("--on", "planned_on", type=click.DateTime(["%Y-%m-%d"]), help="The plan's date.")
@click.option("--seed", help="The public seed (default: a random one, published).")
@staff_options
def plan_command(
    district: str | None,
    item_codes: tuple[str, ...],
    share: float,
    raised: float,
    planned_on: Any,
    seed: str | None,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """制定抽查计划并随机抽取 / Draw a plan: targets and two inspectors each (printed in Chinese
    and English unless --lang names one)."""
    from bot.inspections.draw import Rates
    from bot.inspections.plans import make_plan, targets

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    day = planned_on.date() if planned_on else settings.check_date()
    with opened(settings) as db:
        made = make_plan(
            db, staff, settings.staff_directory, planned_on=day, district=district,
            item_codes=list(item_codes), rates=Rates(share, raised), seed=seed,
            now=settings.now(),
        )  # fmt: skip
        drawn = targets(db, made.id)
        click.echo(_plan_text(db, made, drawn, (settings.lang,) if lang else BOTH))


def _plan_text(
    db: sqlite_utils.Database,
    made: Plan,
    drawn: list[Target],
    langs: Sequence[Lang],
) -> str:
    """A plan drawn, in each of `langs`: what it is, every target with its inspectors, and what
    comes next."""
    from bot.registry.reader import agency_name

    key = sum(1 for t in drawn if t.stratum == "key")
    scope = {lang: made.district or inspect_text("city", lang) for lang in langs}
    counts = {"candidates": len(made.candidates), "targets": len(drawn), "key": key}
    lines = [
        inspect_text(
            "plan_made",
            lang,
            plan=made.id,
            scope=scope[lang],
            seed=made.seed,
            date=made.planned_on.isoformat(),
            **counts,
        )
        for lang in langs
    ]
    lines += [inspect_text("plan_targets", lang) for lang in langs]
    for target in drawn:
        sent = [
            say(INSPECTOR, langs[0], id=i, office=" / ".join(dict.fromkeys(_office(o, lang)
                                                            for lang in langs)))
            for i, o in zip(target.inspectors, target.offices, strict=False)
        ]  # fmt: skip
        lines.append(
            inspect_text(
                "plan_target",
                langs[0],
                ticket=target.ticket,
                subject=target.subject_id,
                name=agency_name(db, target.subject_id) or "—",
                district=target.district or "—",
                stratum=" / ".join(say(STRATA[target.stratum], lang) for lang in langs),
                inspectors=", ".join(sent),
            )
        )
    lines += [inspect_text("plan_next", lang, plan=made.id) for lang in langs]
    return "\n".join(lines)


def _office(district: str | None, lang: Lang) -> str:
    return district or say(INSPECT_PAGE["city_office"], lang)


@inspect.command("verify")
@click.argument("plan_id")
@click.option(
    "--published",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A file of the published target ids, one per line (default: the plan's own list).",
)
@common_options
def verify_command(
    plan_id: str,
    published: Path | None,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """按公开参数重新抽取并核对名单（无需工作人员身份）/ Re-draw from the public inputs and
    compare (no staff identity needed: it only reads)."""
    from bot.inspections.plans import check_plan, targets

    settings = settings_from(db_path, lang, today)
    with opened(settings) as db:
        listed = (
            [line.strip() for line in published.read_text(encoding="utf-8").split() if line.strip()]
            if published
            else [t.subject_id for t in targets(db, plan_id)]
        )
        found = check_plan(db, plan_id, listed)
    if found.matches:
        click.echo(inspect_text("verified", settings.lang))
        return
    missing, extra = ", ".join(found.missing) or "—", ", ".join(found.extra) or "—"
    click.echo(inspect_text("not_verified", settings.lang, missing=missing, extra=extra))
    raise SystemExit(1)


@inspect.command("list")
@staff_options
def list_command(staff_id: int, db_path: Path | None, lang: str | None, today: Any) -> None:
    """我的抽查任务 / The targets you inspect."""
    from bot.inspections.plans import no_tasks_text, tasks_of

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        mine = tasks_of(db, staff)
    if not mine:
        click.echo(no_tasks_text(staff, settings.lang))
    for task in mine:
        state = inspect_text("closed" if task.closed_on else "open", settings.lang)
        click.echo(
            inspect_text(
                "task_line",
                settings.lang,
                plan=task.plan_id,
                subject=task.subject_id,
                district=task.district or "—",
                state=state,
            )
        )


@inspect.command("record")
@click.argument("plan_id")
@click.argument("subject_id")
@click.argument("item")
@click.argument("result")
@click.option("--days", type=int, help="Working days to rectify (for `rectify`).")
@click.option("--note", help="A note on the finding.")
@staff_options
def record_command(
    plan_id: str,
    subject_id: str,
    item: str,
    result: str,
    days: int | None,
    note: str | None,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """记录一个事项的检查结果（事项、结果写代码或名称均可）/ Record one item's result (the item
    and the result by code or by name: `licence 合格` or `licence pass`)."""
    from bot.inspections.plans import entry_codes, item_label, record, result_label

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        done = record(db, staff, plan_id, subject_id, item, result, rectify_days=days,
                      note=note, now=settings.now(), today=settings.check_date())  # fmt: skip
        item, result = entry_codes(db, plan_id, item, result)
    said = inspect_text("recorded", settings.lang, subject=done.subject_id,
                        item=item_label(item, settings.lang),
                        result=result_label(result, settings.lang))  # fmt: skip
    click.echo(said)


@inspect.command("close")
@click.argument("plan_id")
@click.argument("subject_id")
@staff_options
def close_command(
    plan_id: str, subject_id: str, staff_id: int, db_path: Path | None, lang: str | None, today: Any
) -> None:
    """办结一个检查对象 / Close a target (every item has its result)."""
    from bot.inspections.plans import close_target

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        close_target(db, staff, plan_id, subject_id, now=settings.now(),
                     today=settings.check_date())  # fmt: skip
    click.echo(inspect_text("closed_target", settings.lang, subject=subject_id))


@inspect.command("conflict")
@click.argument("inspector_id", type=int)
@click.argument("subject_id")
@staff_options
def conflict_command(
    inspector_id: int,
    subject_id: str,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """申报利益冲突（此后不会被抽派）/ Declare an inspector's conflict with an agency."""
    from bot.inspections.plans import declare_conflict

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        moved = declare_conflict(
            db, staff, settings.staff_directory, inspector_id, subject_id, now=settings.now()
        )
    said = inspect_text("conflict_declared", settings.lang, inspector=inspector_id,
                        subject=subject_id.strip().upper(), moved=moved)  # fmt: skip
    click.echo(said)


@inspect.command("redraw")
@click.argument("plan_id")
@click.option("--seed", required=True, help="The new public seed.")
@click.option("--reason", required=True, help="Why the plan is drawn again (logged).")
@staff_options
def redraw_command(
    plan_id: str,
    seed: str,
    reason: str,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """重新抽取（须写明理由，记录在案）/ Draw a plan again, with a logged reason."""
    from bot.inspections.plans import redraw, targets

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        made = redraw(db, staff, settings.staff_directory, plan_id, seed=seed, reason=reason,
                      now=settings.now())  # fmt: skip
        count = len(targets(db, made.id))
    click.echo(inspect_text("redrawn", settings.lang, plan=made.id, seed=made.seed, targets=count))


@inspect.command("rectified")
@click.argument("plan_id")
@click.argument("subject_id")
@click.argument("item")
@staff_options
def rectified_command(
    plan_id: str,
    subject_id: str,
    item: str,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """记录已完成整改 / Record an ordered rectification as done."""
    from bot.inspections.plans import item_code, item_label, rectified

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        done = rectified(db, staff, plan_id, subject_id, item, now=settings.now(),
                         today=settings.check_date())  # fmt: skip
    code = item_code(item, list(done.results))  # as `rectified` read it
    said = inspect_text("rectified", settings.lang, subject=done.subject_id,
                        item=item_label(code, settings.lang),
                        day=settings.check_date().isoformat())  # fmt: skip
    click.echo(said)


@inspect.command("evidence")
@click.argument("plan_id")
@click.argument("subject_id")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@staff_options
def evidence_command(
    plan_id: str,
    subject_id: str,
    file: Path,
    staff_id: int,
    db_path: Path | None,
    lang: str | None,
    today: Any,
) -> None:
    """保存检查证据（照片、文件）/ Keep a file as a target's evidence."""
    from bot.inspections.plans import attach_evidence, require_inspector
    from bot.reports import evidence

    settings = settings_from(db_path, lang, today)
    staff = staff_of(settings, staff_id)
    with opened(settings) as db:
        require_inspector(db, staff, plan_id, subject_id)  # before a file is kept
        evidence.check_size(file.name, file.stat().st_size)
        stored = evidence.store(settings.data_dir, file.read_bytes(), file.name, None)
        count = attach_evidence(db, staff, plan_id, subject_id, stored, now=settings.now())
    click.echo(
        inspect_text("evidence_saved", settings.lang, subject=subject_id.upper(), count=count)
    )
