"""Candidate groups of real messages that may tell the same recurring problem, for annotating topics.

Messages are joined when their character TF-IDF cosine is high, or when it is moderate and they name the same
specific place or organisation (an estate, a school, a company, a village, a road); groups bigger than
``--max-size`` are cut with a stricter threshold. Annotators then split each group into topics (the same
problem at the same place) by reading it. The groups hold the texts and are written outside the repository.

    python scripts/topic_candidates.py --out /tmp/topics/candidates.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from textmine.io.real_messages import read_real_messages

NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9]{2,8}?(?:小区|花园|家园|公寓|新城|华府|名苑|苑|华庭|公馆|广场|大厦|小学|中学|学校|幼儿园|"
    r"学院|医院|村|社区|公司|项目|工地|大道|路|街|市场|工业园)"
)
GENERIC_HEADS = re.compile(
    r"^(?:我们|这个|这家|该|本|我|各|全|整个|周边|附近|一个|那个|希望|请求|导致|造成|由于|现在|目前|如果)"
)


def specific_names(text: str) -> set[str]:
    """Names of places and organisations specific enough to tie two messages together.

    >>> sorted(specific_names("魏家坡小区停车难，我们小区没人管"))
    ['魏家坡小区']
    """
    return {m for m in NAME.findall(text) if len(m) >= 4 and not GENERIC_HEADS.match(m)}


def edges(X, names: list[set[str]], strong: float, weak: float) -> sp.csr_matrix:
    """Pairs with cosine >= strong, or >= weak when they share a specific name."""
    S = (X @ X.T).tocsr()
    S.setdiag(0)
    S.eliminate_zeros()
    rows, cols = S.nonzero()
    values = np.asarray(S[rows, cols]).ravel()
    keep = (values >= strong) | ((values >= weak) & np.array([bool(names[i] & names[j]) for i, j in zip(rows, cols)]))
    n = X.shape[0]
    return sp.coo_matrix((np.ones(keep.sum()), (rows[keep], cols[keep])), shape=(n, n)).tocsr()


def groups(X, names, strong: float, weak: float, max_size: int) -> list[list[int]]:
    """Connected components of the edge graph; a component over ``max_size`` is cut at stricter thresholds."""
    graph = edges(X, names, strong, weak)
    _, label = connected_components(graph, directed=False)
    found = []
    for component in np.unique(label):
        members = np.flatnonzero(label == component)
        if len(members) < 2:
            continue
        if len(members) > max_size and strong < 0.9:
            inner = groups(X[members], [names[i] for i in members], strong + 0.1, weak + 0.1, max_size)
            found += [[int(members[i]) for i in g] for g in inner]
        else:
            found.append([int(i) for i in members])
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="a .jsonl file outside the repository")
    parser.add_argument("--strong", type=float, default=0.3)
    parser.add_argument("--weak", type=float, default=0.15)
    parser.add_argument("--max-size", type=int, default=15)
    args = parser.parse_args(argv)
    messages = read_real_messages()
    texts = [m.full_text for m in messages]
    X = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), min_df=2, sublinear_tf=True).fit_transform(texts)
    names = [specific_names(t) for t in texts]
    found = sorted(groups(X, names, args.strong, args.weak, args.max_size), key=lambda g: (-len(g), g[0]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for number, members in enumerate(found, 1):
            rows = [{"key": messages[i].key, "title": messages[i].title, "text": messages[i].text} for i in members]
            out.write(json.dumps({"group": number, "messages": rows}, ensure_ascii=False) + "\n")
    print(f"{len(found)} candidate groups, {sum(map(len, found))} messages -> {args.out}")


if __name__ == "__main__":
    main()
