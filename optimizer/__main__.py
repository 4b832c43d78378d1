"""Command line: solve, validate, baseline and generate planning weeks.

    python -m optimizer solve INSTANCE.json [--time-limit S] [--workers N] [--seed S]
                              [--lns-rounds N]
                              [--lang zh-CN|en] [--out PLAN.json]
    python -m optimizer validate INSTANCE.json PLAN.json
    python -m optimizer baseline INSTANCE.json [--lang zh-CN|en] [--out PLAN.json]
    python -m optimizer advise INSTANCE.json [--plan PLAN.json] [--top N] [--time-limit S]
                               --out ADVICE.json
    python -m optimizer generate --staff N --load X --seed S [--slot-minutes M] --out FILE
    python -m optimizer generate --scenario city-overload --seed S --out FILE

Exit codes: 0 success (validate: the plan is feasible), 1 infeasible plan, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from optimizer.contract import InstanceError, Plan, load_instance, plan_to_dict, write_plan


def _summary(plan: Plan) -> str:
    terms = plan.stats.get("terms", {})
    gap = plan.stats.get("gap")
    lines = [
        f"status: {plan.status}",
        f"objective: {plan.objective}",
        *(f"  {name}: {value}" for name, value in terms.items()),
        f"bound: {plan.bound if plan.bound is not None else '-'}",
        f"gap: {gap:.1%}" if isinstance(gap, float) else "gap: -",
        f"assigned: {len(plan.assignments)}",
        f"unscheduled: {len(plan.unscheduled)}",
    ]
    if "solve_seconds" in plan.stats:
        lines.append(f"solve seconds: {plan.stats['solve_seconds']}")
    return "\n".join(lines)


def _emit(plan: Plan, out: str | None) -> None:
    if out:
        write_plan(plan, out)
        print(_summary(plan))
    else:
        print(json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2))
        print(_summary(plan), file=sys.stderr)


def _load(path: str):
    try:
        return load_instance(path)
    except OSError as exc:
        raise InstanceError([f"cannot read {path}: {exc.strerror or exc}"]) from exc


def cmd_solve(args: argparse.Namespace) -> int:
    from optimizer.solver import solve

    instance = _load(args.instance)
    plan = solve(
        instance,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        lang=args.lang,
        lns_rounds=args.lns_rounds,
    )
    _emit(plan, args.out)
    return 0


def cmd_baseline(args: argparse.Namespace) -> int:
    from optimizer.baseline import baseline_plan

    plan = baseline_plan(_load(args.instance), lang=args.lang)
    _emit(plan, args.out)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from optimizer.validator import validate_plan

    instance = _load(args.instance)
    try:
        plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"cannot read plan {args.plan}: {exc}", file=sys.stderr)
        return 2
    report = validate_plan(instance, plan)
    terms = ", ".join(f"{k} {v}" for k, v in report.terms.items())
    if report.ok:
        print(f"feasible; objective {report.objective} ({terms})")
        if plan.get("objective") != report.objective:
            print(f"note: the plan states objective {plan.get('objective')}")
        return 0
    print(f"infeasible: {len(report.violations)} violation(s)")
    for v in report.violations:
        print(f"  rule {v.rule} [{v.task or '-'} / {v.staff or '-'}] {v.message}")
    return 1


def cmd_advise(args: argparse.Namespace) -> int:
    from optimizer.advice import advise

    instance = _load(args.instance)
    plan = None
    if args.plan:
        try:
            plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"cannot read plan {args.plan}: {exc}", file=sys.stderr)
            return 2
    advice = advise(instance, plan, top=args.top, time_limit=args.time_limit)
    Path(args.out).write_text(
        json.dumps(advice.as_list(), ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    st = advice.stats
    print(
        f"{len(advice.suggestions)} suggestion(s) from {st['checked']} checked of "
        f"{st['candidates']} candidates in {st['advice_seconds']} s; "
        f"{st['base_unplanned']} tasks unplanned"
    )
    for s in advice.suggestions:
        print(
            f"  {s.addition.staff or s.addition.resource} {s.addition.add}: "
            f"+{s.priority_gained} priority ({', '.join(s.serves)}) for {s.hours_asked} h"
        )
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    # another module; loaded only when asked
    from optimizer.generator import generate_scenario, generate_week

    if args.scenario:
        data = generate_scenario(args.scenario, seed=args.seed)
    else:
        data = generate_week(
            staff=args.staff, load=args.load, seed=args.seed, slot_minutes=args.slot_minutes
        )
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"wrote {args.out}: {len(data['staff'])} staff, {len(data['tasks'])} tasks")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m optimizer", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("solve", help="plan a week with CP-SAT")
    p.add_argument("instance")
    p.add_argument("--time-limit", type=float, default=30.0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument(
        "--lns-rounds",
        type=int,
        default=None,
        help="run exactly N LNS rounds and nothing else (repeatable with --workers 1)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lang", choices=["zh-CN", "en"], default="zh-CN")
    p.add_argument("--out")
    p.set_defaults(func=cmd_solve)
    p = sub.add_parser("baseline", help="the hand-made reference plan")
    p.add_argument("instance")
    p.add_argument("--lang", choices=["zh-CN", "en"], default="zh-CN")
    p.add_argument("--out")
    p.set_defaults(func=cmd_baseline)
    p = sub.add_parser("validate", help="check a plan against its instance")
    p.add_argument("instance")
    p.add_argument("plan")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("advise", help="which small addition of capacity serves the most")
    p.add_argument("instance")
    p.add_argument("--plan", help="the current plan (solved first when missing)")
    p.add_argument("--top", type=int, default=5)
    p.add_argument("--time-limit", type=float, default=5.0, help="seconds per check solve")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_advise)
    p = sub.add_parser("generate", help="a realistic synthetic week")
    p.add_argument(
        "--scenario",
        choices=["city", "city-overload", "busy", "county", "province"],
        help="a named benchmark week (its size, grid and scarcity); overrides the size flags",
    )
    p.add_argument("--staff", type=int, default=60)
    p.add_argument("--load", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--slot-minutes", type=int, default=30)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InstanceError as exc:
        print(f"invalid instance: {len(exc.errors)} problem(s)", file=sys.stderr)
        for error in exc.errors:
            print(f"  - {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
