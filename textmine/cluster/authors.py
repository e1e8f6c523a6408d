"""One author's habits kept out of the similarity of that author's own records.

A prolific author writes about many problems in one style: the same opening, the same stock phrases, the same
signature. Between two records of that author, those shared words say who wrote them, not which problem they
tell. An author's *habits* are the features found in at least ``share`` (half) of the author's records (when the
author has at least ``min_records``), leaving out the rare place and unit names (``名:`` features in at most
``rare_name_share``, 2%, of all records, or two) and the words and character n-grams that spell them (茶场, 西湖 of 西湖街道茶场村): a particular
place two records share is evidence of one problem whoever wrote them; the author's city government is not. :func:`habit_discount` gives, for every pair of records by one author,
how much of their cosine similarity comes from those habits: their similarity less the cosine of the two records
with the habits taken out (never below zero). Clustering subtracts it, so two records of one author join only on
what is left: the problem's words and its places. Records of different authors, and records
without an author, are compared as before.

>>> import numpy as np, scipy.sparse as sp
>>> rows = sp.csr_matrix(np.array([[0.6, 0.8, 0.0], [0.6, 0.0, 0.8], [0.6, 0.8, 0.0]]))
>>> habit_discount(rows, ["u1", "u1", "u1"], ["倡导", "停水", "修路"], share=0.9, min_records=3).toarray()
array([[0.  , 0.36, 0.  ],
       [0.36, 0.  , 0.36],
       [0.  , 0.36, 0.  ]], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from textmine.cluster.char_grams import unit_rows

NAME_PREFIX = "名:"
#: A feature in at least this share of an author's distinct records is one of the author's habits. Chosen with
#: ``RARE_NAME_SHARE`` on simulated authors of the dev gold (``scripts/tune_authors.py``; the README has the grid).
HABIT_SHARE = 0.5
#: A name in at most this share of all records is a particular place, not the author's city.
RARE_NAME_SHARE = 0.02


def author_groups(authors: Sequence[object], min_records: int) -> list[np.ndarray]:
    """Row indices of each author with at least ``min_records`` records (empty authors are nobody).

    >>> [g.tolist() for g in author_groups(["a", "", "b", "a", None, "a"], 2)]
    [[0, 3, 5]]
    """
    rows: dict[str, list[int]] = {}
    for i, author in enumerate(authors):
        if author is None or author != author or str(author).strip() == "":
            continue
        rows.setdefault(str(author).strip(), []).append(i)
    return [np.array(r) for r in rows.values() if len(r) >= max(min_records, 2)]


def habit_discount(
    vectors: sp.csr_matrix,
    authors: Sequence[object],
    feature_names: Sequence[str],
    share: float = HABIT_SHARE,
    min_records: int = 3,
    counted: np.ndarray | None = None,
    rare_name_share: float = RARE_NAME_SHARE,
) -> sp.csr_matrix:
    """An n × n sparse matrix: for two records of one author, the similarity their shared habits give them.

    share: a feature in at least this share of an author's counted records is a habit.
    min_records: authors with fewer counted records have no habits.
    counted: a boolean per record, the records the habits are learned from (resubmissions left out: a message
        posted three times is one message); the discount covers all of the author's records.
    rare_name_share: a ``名:`` feature in at most this share of all records (or two) is a particular place,
        never a habit, and neither are the words spelling it.
    """
    vectors = sp.csr_matrix(vectors)
    n = vectors.shape[0]
    counted = np.ones(n, dtype=bool) if counted is None else np.asarray(counted, dtype=bool)
    texts = [str(name).split(":", 1)[-1] for name in feature_names] + [""] * (vectors.shape[1] - len(feature_names))
    is_name = np.array(
        [str(name).startswith(NAME_PREFIX) for name in feature_names] + [False] * (len(texts) - len(feature_names))
    )
    rare_name = is_name & (np.bincount(vectors.indices, minlength=len(texts)) <= max(rare_name_share * n, 2))
    blocks_rows, blocks_cols, blocks_values = [], [], []
    for members in author_groups(authors, 2):
        learned = members[counted[members]]
        if len(learned) < max(min_records, 2):
            continue
        present = np.asarray((vectors[learned] != 0).sum(axis=0)).ravel()
        habits = (present >= share * len(learned)) & ~rare_name
        places = {texts[j] for j in np.flatnonzero(rare_name & (present > 0))}
        habits[[j for j in np.flatnonzero(habits) if texts[j] in places]] = False  # words spelling such a place
        if not habits.any():
            continue
        rows = vectors[members]
        evidence = unit_rows(rows.multiply((~habits)[None, :].astype(np.float32)).tocsr())
        discount = sp.coo_matrix(np.maximum((rows @ rows.T).toarray() - (evidence @ evidence.T).toarray(), 0))
        off_diagonal = (discount.row != discount.col) & (discount.data > 0)
        blocks_rows.append(members[discount.row[off_diagonal]])
        blocks_cols.append(members[discount.col[off_diagonal]])
        blocks_values.append(discount.data[off_diagonal])
    if not blocks_rows:
        return sp.csr_matrix((n, n), dtype=np.float32)
    return sp.csr_matrix(
        (np.concatenate(blocks_values), (np.concatenate(blocks_rows), np.concatenate(blocks_cols))),
        shape=(n, n),
        dtype=np.float32,
    )
