"""`mso eval handoffs`: measure how many key facts the handoffs keep (docs/architecture.md)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mso_tui.cli.common import UserError, nonempty_path, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `eval handoffs`."""
    parser = subparsers.add_parser("eval", help="evaluate handoffs against known key facts")
    sub = parser.add_subparsers(dest="eval_command", metavar="WHAT", required=True)
    handoffs = sub.add_parser("handoffs", help="key-fact recall and compression on a transcript corpus")
    handoffs.add_argument("--corpus", required=True, type=nonempty_path,
                          help="folder the facts file's paths are relative to")
    handoffs.add_argument("--facts", required=True, type=nonempty_path, action="append",
                          help="facts JSON: [{kind, file, facts: [...]}]; give it again to score several together")
    handoffs.add_argument("--llm", action="store_true", help="use the configured LLM generator")
    handoffs.add_argument("--explain", action="store_true",
                          help="for every missed fact: the absent keyword and whether the imported turns hold it")
    handoffs.add_argument("--json", action="store_true")
    handoffs.set_defaults(func=cmd_handoffs)


def cmd_handoffs(args: argparse.Namespace) -> int:
    """Run the evaluation in a throw-away store and print recall per file and overall."""
    from mso_tui.services.evaluation import evaluate

    if not args.corpus.is_dir():
        raise UserError(f"{args.corpus}: not a folder")
    for path in args.facts:
        if not path.is_file():
            raise UserError(f"{path}: no such file")
    note = (lambda f: print(f"evaluating {f}", file=sys.stderr)) if sys.stderr.isatty() and not args.json else None
    result = evaluate(args.corpus, args.facts, use_llm=args.llm, progress=note)
    if args.json:
        print_json(result)
        return 0
    width = max((len(Path(f["file"]).name[:60]) for f in result["files"]), default=4)
    print(f"{'file':<{width}}  recall  kept/facts  tokens in  tokens out  ratio  inv kept")
    for f in result["files"]:
        ratio = f"{f['ratio']:.1f}×" if f["ratio"] else "-"
        print(f"{Path(f['file']).name[:60]:<{width}}  {f['recall']:>6.2f}  {f['kept']:>4}/{f['facts']:<5}  "
              f"{f['tokens_in']:>9,}  {f['tokens_out']:>10,}  {ratio:>6}  {_share(f.get('coverage')):>8}"
              + (f"  ({f['error']})" if "error" in f else ""))
        if f["missed"]:
            print(f"{'':<{width}}  missed: {', '.join(f['missed'])}")
        if args.explain:
            for d in f["details"]:
                for a in d.get("absent", []):
                    where = "in the imported turns (generator miss)" if a["in_turns"] else \
                        "not in the imported turns (importer loss or paraphrase)"
                    print(f"{'':<{width}}    {d['id']} [{d['category']}]: absent {a['keyword']!r}, {where}")
    o = result["overall"]
    recall = f"{o['recall']:.3f}" if o["recall"] is not None else "-"
    print(f"overall recall {recall} ({o['kept']}/{o['facts']} facts), median ratio {o['median_ratio']}×, "
          f"lowest file recall {o['min_file_recall']}")
    for label, key in (("category", "by_category"), ("format", "by_format")):
        parts = [f"{name} {g['recall']:.2f} ({g['kept']}/{g['facts']})" for name, g in o[key].items()]
        print(f"by {label}: " + ", ".join(parts))
    print(inventory_summary(o))
    return 0


def _share(value: float | None) -> str:
    """A share as a whole percentage, or a dash."""
    return f"{value:.0%}" if value is not None else "-"


def inventory_summary(overall: dict) -> str:
    """Coverage of the session inventories by class over the corpus, and how it ranks against recall."""
    from mso_tui.handoff.coverage import by_class_text

    rho = overall.get("spearman")
    agreement = f"{rho:.2f}" if rho is not None else "- (fewer than three files)"
    return (f"inventory coverage {by_class_text(overall.get('coverage_by_class'))}; Spearman rank correlation with "
            f"recall {agreement} over {overall.get('spearman_files', 0)} files")
