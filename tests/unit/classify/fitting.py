"""Fitting a backend on corpus records, with dev records for early stopping and thresholds."""


def fit_with_dev(model, train: list[dict], dev: list[dict]):
    columns = ("text", "labels", "subtypes")
    X, y, subtypes = ([r[c] for r in train] for c in columns)
    return model.fit(X, y, subtypes, dev=tuple([r[c] for r in dev] for c in columns))
