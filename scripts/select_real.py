"""Choose which real messages are annotated by the taxonomy, and write annotation batches.

The selection is enriched for positives and holds a uniform random sample:
- ``random``: ``--random`` messages drawn uniformly (seeded) from the whole file, so that scores can be
  reported on what an office really receives;
- ``enriched``: every other message that a cue-word screen or the model pre-screen flags.

Only keys are written into the repository (``corpora/real/selection.jsonl``); the batches given to
annotators hold the texts and are written outside it (``--batches DIR``).

    python scripts/select_real.py --prescreen /tmp/prescreen.json --batches /tmp/annot --size 400
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from textmine.io.real_messages import read_real_messages

#: Screening phrases per label: wider than the taxonomy's cue words, tuned to how citizens write.
SCREEN = {
    "bureaucratism": "推诿|踢皮球|不作为|慢作为|不管不问|无人问津|置之不理|不予理睬|不理不睬|石沉大海|没有回复|没有答复|"
    "未予答复|没有任何回复|多次反映|多次投诉|反复反映|多次向|多次找|互相推|相互推|敷衍|态度恶劣|态度蛮横|刁难|官僚|"
    "一刀切|拖延|久拖|至今未|至今没有|迟迟|没人管|无人管|不闻不问|冷漠|漠视|门难进|脸难看|事难办|粗暴|打官腔",
    "corruption": "贪污|挪用|克扣|截留|侵占|受贿|索贿|行贿|好处费|回扣|关系户|优亲厚友|暗箱|保护伞|吃拿卡要|中饱私囊|"
    "私分|套取|虚报冒领|冒领|利益输送|围标|串标|腐败|徇私|以权谋私|收受|红包|勾结|包庇|黑恶",
    "formalism": "形式主义|走过场|弄虚作假|造假|假数据|面子工程|形象工程|政绩工程|应付检查|迎检|留痕|台账|打卡|表面文章|"
    "摆样子|作秀|只拍照|纸面",
    "hedonism": "公车私用|公车|公款|吃喝|宴请|大吃大喝|旅游|送礼|礼金|购物卡|消费卡|打牌|麻将|上班时间|玩游戏|喝酒|"
    "酒驾|娱乐场所|会所|福利|津贴|补贴发放",
    "extravagance": "大操大办|铺张|浪费|奢侈|豪华|超标|办公楼|庆典|酒席|婚宴|摆酒",
    "party_building": "党员|党支部|党组织|党委|党费|三会一课|换届|选举|拉票|贿选|一言堂|入党|村支书|支部书记|民主评议",
}


def screen_hits(text: str) -> list[str]:
    """Labels whose screening phrases occur in ``text``.

    >>> screen_hits("多次反映没人管，村支书还挪用补偿款")
    ['bureaucratism', 'corruption', 'party_building']
    """
    return [label for label, pattern in SCREEN.items() if re.search(pattern, text)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="messages_labelled.jsonl (default: ../shared/data/tipdm2020c)")
    parser.add_argument("--prescreen", type=Path, help="JSON {key: [0/1 per label]} of a model's predictions")
    parser.add_argument("--random", type=int, default=1200, help="size of the uniform random sample")
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--out", type=Path, default=Path("corpora/real/selection.jsonl"))
    parser.add_argument("--batches", type=Path, help="folder outside the repository for annotation batches")
    parser.add_argument("--size", type=int, default=400, help="records per annotation batch")
    args = parser.parse_args(argv)

    messages = read_real_messages(args.data)
    model_flags = json.loads(args.prescreen.read_text()) if args.prescreen else {}
    rng = random.Random(args.seed)
    random_keys = set(rng.sample([m.key for m in messages], args.random))
    chosen = []
    for m in messages:
        hits = screen_hits(m.full_text)
        flagged = bool(hits) or any(model_flags.get(m.key, []))
        if m.key in random_keys:
            chosen.append({"key": m.key, "sample": "random"})
        elif flagged:
            chosen.append({"key": m.key, "sample": "enriched"})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in chosen), encoding="utf-8")
    print(f"{len(chosen)} messages selected ({len(random_keys)} random) -> {args.out}")
    if args.batches:
        write_batches(messages, chosen, args.batches, args.size, rng)


def write_batches(messages, chosen, folder: Path, size: int, rng: random.Random) -> None:
    """Shuffle the chosen messages and write them in batches of ``size`` (key, title, text)."""
    by_key = {m.key: m for m in messages}
    order = [c["key"] for c in chosen]
    rng.shuffle(order)
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(order), size):
        path = folder / f"batch_{start // size + 1:02d}.jsonl"
        lines = [
            json.dumps({"key": k, "title": by_key[k].title, "text": by_key[k].text}, ensure_ascii=False)
            for k in order[start : start + size]
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(order)} messages in {(len(order) + size - 1) // size} batches -> {folder}")


if __name__ == "__main__":
    main()
