"""Choose how much a real record weighs against a written one, on the dev splits only.

    python scripts/tune_real.py --weights 1 3 8 15
    python scripts/tune_real.py --weights 15 --rest-weights 2 4 8 15

For each weight (and each weight of the unscreened rest of the real messages, ``"sample": "rest"``), a model
is fitted on the written and real train splits (real records weighted) and scored
on the written dev split and the real dev split: six-label macro-F1, macro-F1 over labels with at least 10
records, merged macro-F1, and "no label" precision and recall. The test splits are not read.
"""

from __future__ import annotations

import argparse
import itertools
import json

from build_default_model import REST_WEIGHT, fit, read_parts

from textmine.retrain.evaluate import evaluate_records


def dev_row(model, records) -> dict:
    scores = evaluate_records(model, records)
    return {
        "six": scores["labels"]["macro_f1"],
        "six_10": scores["labels"]["macro_f1_supported"],
        "merged": scores["groups"]["macro_f1"],
        "no_label_p": scores["no_label"]["precision"],
        "no_label_r": scores["no_label"]["recall"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=float, nargs="+", default=[1.0, 3.0, 8.0, 15.0])
    parser.add_argument("--rest-weights", type=float, nargs="+", default=[REST_WEIGHT])
    args = parser.parse_args(argv)
    train, dev = read_parts(("train",)), read_parts(("dev",))
    for weight, rest in itertools.product(args.weights, args.rest_weights):
        model = fit(*train, real_weight=weight, rest_weight=rest)
        row = {"real_weight": weight, "rest_weight": rest}
        row |= {"written_dev": dev_row(model, dev[0]), "real_dev": dev_row(model, dev[1])}
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
