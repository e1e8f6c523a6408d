"""Fitting a backend on corpus records, with dev records for early stopping and thresholds."""


def fit_with_dev(model, train: list[dict], dev: list[dict]):
    columns = ("text", "labels", "subtypes")
    return model.fit(*([r[c] for r in train] for c in columns), *([r[c] for r in dev] for c in columns))
