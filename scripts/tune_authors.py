"""Choose the author-habit thresholds on simulated authors of the dev gold (the test splits are not read).

    python scripts/tune_authors.py
    python scripts/tune_authors.py --shares 0.3 0.5 --rare-shares 0.02 --seeds 0

Neither dev set has authors, so authors are made up: the gold records of the written dev split (its ``group``
fields) and of the real dev topics (``corpora/real/topics.jsonl``, ``split == "dev"``, texts read from the
shared folder by key) are dealt, seeded, to pseudo-authors. Each author writes records of several different gold
groups (3 to 8), and some authors also two records of one group (those must still join). The records of an author
carry that author's own style: a fixed opening (in 90% of them), a pet phrase (60%) and a fixed sign-off (80%),
drawn from the invented banks below (no two authors share all three). The rest of the records keep no author.

Each data set is clustered as it is (no author column), with the styles but no author column, and with the
styles and the author column for every habit share × rare-name share; the adjusted Rand index and V-measure
against the gold groups are printed, one JSON line per run, then the mean ARI of each pair per set and over both
sets (every seed of each), and the pair chosen: the best mean over both sets, and of the pairs within ``--tie`` of
it, the one nearest the settings in ``textmine/cluster/authors.py`` (a change needs a clear gain).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.cluster.authors import HABIT_SHARE, RARE_NAME_SHARE  # noqa: E402
from textmine.cluster.evaluate import score_clusters  # noqa: E402
from textmine.cluster.run import cluster_texts  # noqa: E402
from textmine.io.real_messages import read_real_messages  # noqa: E402

# Invented phrasing, one item per author position; none of it is taken from any data set.
OPENINGS = [
    "老纪在此冒昧打扰各位父母官。",
    "本人是个退休的老钳工，说点心里话。",
    "我是住在这里快三十年的老住户阿强。",
    "晚生小辈斗胆向衙门诸位进一言。",
    "一个普普通通的上班族深夜写下这段话。",
    "受街坊四邻托付，我来反映个情况。",
    "在下姓苗，开了十几年出租车。",
    "作为一名两个孩子的妈妈，我忍不住要说。",
    "又是我，那个经常给你们写信的老田。",
    "一个热爱家乡的游子在外地远远地看着。",
    "本人是乡村教师，平时很少上网发帖。",
    "小区业主群里推选我来发这条帖子。",
    "我是个跑外卖的小哥，每天风里来雨里去。",
    "一介草民，斗胆再写一回。",
    "早上六点起来跑步的时候想到要写这个。",
    "鄙人是老党员，五十年党龄了。",
]
SIGN_OFFS = [
    "盼复，拜托拜托！",
    "以上情况句句属实，敬候佳音。",
    "望早日给老百姓一个说法，感激不尽。",
    "我会一直盯着这件事的，说到做到。",
    "期待你们雷厉风行，别让群众寒心。",
    "写得啰嗦，见谅，谢谢各位辛苦了。",
    "此致敬礼，一个关心家乡的人。",
    "请不要再踢皮球了，求求了。",
    "恳望回音，老百姓等得起但不想白等。",
    "就说这么多吧，祝各位身体健康。",
    "如属实请严肃处理，不属实就当我没说。",
    "等待回复中，我每天都会来看一看。",
    "希望这次能落到实处，不要走过场。",
    "特此反映，署名一个老实人。",
    "为民办实事，从这件小事做起吧。",
    "再次麻烦大家，辛苦辛苦。",
]
PET_PHRASES = [
    "说句掏心窝子的话，",
    "说白了就是一句话，",
    "老话讲得好，不怕慢就怕站，",
    "群众的眼睛是雪亮的，",
    "实话实说吧，",
    "天地良心，",
    "俗话说得好，金杯银杯不如老百姓的口碑，",
    "咱也不懂大道理，",
    "扪心自问一下，",
    "一句话讲透，",
    "不是我夸张，",
    "打个不恰当的比方，",
    "平心而论，",
    "说来惭愧，",
    "明眼人一看就知道，",
    "讲良心话，",
]


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def written_dev() -> tuple[list[str], list[str | None]]:
    rows = read_jsonl(ROOT / "corpora" / "dev.jsonl")
    return [r["text"] for r in rows], [r.get("group") for r in rows]


def real_dev(folder: str | None) -> tuple[list[str], list[str | None]]:
    gold = [t for t in read_jsonl(ROOT / "corpora" / "real" / "topics.jsonl") if t["split"] == "dev"]
    texts = {m.key: m.full_text for m in read_real_messages(folder)}
    return [texts[t["key"]] for t in gold], [t["topic"] for t in gold]


def deal_authors(groups: list[str | None], seed: int, fewest: int = 3, most: int = 8, same_group: float = 0.5):
    """A pseudo-author per record ("" for none): each author gets records of ``fewest`` to ``most`` different
    gold groups (seeded) and, with probability ``same_group``, a second record of one of those groups."""
    rng = random.Random(seed)
    left: dict[str, list[int]] = {}
    for k, group in enumerate(groups):
        if group:
            left.setdefault(group, []).append(k)
    for members in left.values():
        rng.shuffle(members)
    authors = [""] * len(groups)
    count = 0
    while True:
        open_groups = [g for g, members in sorted(left.items()) if members]
        wanted = rng.randint(fewest, most)
        if len(open_groups) < fewest:
            return authors
        chosen = rng.sample(open_groups, min(wanted, len(open_groups)))
        picked = [left[g].pop() for g in chosen]
        again = [g for g in chosen if left[g]]
        if again and rng.random() < same_group:
            picked.append(left[rng.choice(again)].pop())
        for k in picked:
            authors[k] = f"author{count:03d}"
        count += 1


def styled(texts: list[str], authors: list[str], seed: int) -> list[str]:
    """Each authored record in its author's style: the opening (in 90% of the author's records, seeded), the pet
    phrase (60%) and the sign-off (80%); an author keeps habits, not a template."""
    rng = random.Random(seed)
    names = sorted({a for a in authors if a})
    style = {a: (i % 16, (i * 5 + i // 16) % 16, (i * 7 + 3 + i // 16) % 16) for i, a in enumerate(names)}
    out = []
    for text, author in zip(texts, authors):
        if not author:
            out.append(text)
            continue
        opening, sign_off, pet = style[author]
        parts = [
            OPENINGS[opening] if rng.random() < 0.9 else "",
            PET_PHRASES[pet] if rng.random() < 0.6 else "",
            text,
            SIGN_OFFS[sign_off] if rng.random() < 0.8 else "",
        ]
        out.append("".join(parts))
    return out


def scored(texts, groups, authors, use_authors: bool = True, **settings) -> dict:
    """Cluster (with the author column when ``use_authors``) and score against the gold groups."""
    ids = [str(k) for k in range(len(texts))]
    result = cluster_texts(ids, texts, authors=authors if use_authors else None, **settings)
    scores = score_clusters(groups, result.clusters)
    kept = same_author_pairs_kept(groups, authors, result.clusters) if authors else None
    return {"ari": scores["adjusted_rand"], "v": scores["v_measure"], "same_author_same_group_joined": kept}


def same_author_pairs_kept(groups, authors, clusters) -> str:
    """Of the pairs of one author in one gold group, how many share a cluster."""
    pairs = [
        (i, j)
        for i, j in itertools.combinations(range(len(groups)), 2)
        if authors[i] and authors[i] == authors[j] and groups[i] and groups[i] == groups[j]
    ]
    joined = sum(1 for i, j in pairs if clusters[i] >= 0 and clusters[i] == clusters[j])
    return f"{joined}/{len(pairs)}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", help="the folder of the real messages (default: the shared data folder)")
    parser.add_argument("--shares", type=float, nargs="+", default=[0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    parser.add_argument("--rare-shares", type=float, nargs="+", default=[0.01, 0.02, 0.05])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument(
        "--tie", type=float, default=0.005, help="mean ARI differences this small count as ties (default 0.005)"
    )
    args = parser.parse_args(argv)
    sets = {"written dev": written_dev(), "real dev": real_dev(args.real)}
    totals: dict[tuple, dict[str, list[float]]] = {}
    for name, (texts, groups) in sets.items():
        print(json.dumps({"set": name, "run": "as is, no author column", **scored(texts, groups, None)}), flush=True)
        for seed in args.seeds:
            authors = deal_authors(groups, seed)
            simulated = styled(texts, authors, seed)
            row = {"set": name, "seed": seed, "authors": len({a for a in authors if a})}
            plain = scored(simulated, groups, authors, use_authors=False)
            print(json.dumps({**row, "run": "styled, no author column", **plain}), flush=True)
            totals.setdefault(("no author column",), {}).setdefault(name, []).append(plain["ari"])
            for share, rare in itertools.product(args.shares, args.rare_shares):
                result = scored(simulated, groups, authors, author_share=share, author_rare_share=rare)
                print(json.dumps({**row, "share": share, "rare_share": rare, **result}), flush=True)
                totals.setdefault((share, rare), {}).setdefault(name, []).append(result["ari"])
    mean_ari = {}
    for key, by_set in totals.items():
        means = {name: round(sum(v) / len(v), 4) for name, v in by_set.items()}
        every = [a for v in by_set.values() for a in v]
        mean_ari[key] = round(sum(every) / len(every), 4)
        print(json.dumps({"settings": list(key), **means, "mean_ari": mean_ari[key]}), flush=True)
    print(json.dumps({"chosen": list(choose(mean_ari, args.tie))}), flush=True)


def choose(mean_ari: dict[tuple, float], tie: float) -> tuple[float, float]:
    """The pair with the best mean ARI; of the pairs within ``tie`` of it, the one nearest the current settings.

    >>> choose({("no author column",): 0.9, (0.3, 0.02): 0.80, (0.5, 0.02): 0.85, (0.9, 0.02): 0.852}, 0.005)
    (0.5, 0.02)
    """
    pairs = {k: v for k, v in mean_ari.items() if len(k) == 2}
    best = max(pairs.values())
    tied = [k for k, v in pairs.items() if v >= best - tie]
    return min(tied, key=lambda k: (abs(k[0] - HABIT_SHARE), abs(k[1] - RARE_NAME_SHARE), -pairs[k]))


if __name__ == "__main__":
    main()
