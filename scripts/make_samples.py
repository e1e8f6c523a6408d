"""Write the demo sample (corpora/samples/sample.xlsx and sample.csv) from the training split: 200
records across all sources, without labels, under the column names an office export would use.

    python scripts/make_samples.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SOURCE_NAMES = {
    "letter": "来信", "petition": "信访件", "hotline": "热线", "online": "网络留言",
    "interview": "谈话记录", "finding": "巡察发现", "report": "情况报告",
}  # fmt: skip


def main(n: int = 200, seed: int = 7) -> None:
    lines = (ROOT / "corpora" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    chosen = sorted(random.Random(seed).sample(range(len(records)), n))
    rows = [
        {
            "编号": f"S{k + 1:04d}",
            "来源": SOURCE_NAMES[records[i]["source"]],
            "反映内容": records[i]["text"],
            "被反映单位": records[i]["unit"] or "",
            "日期": records[i]["date"] or "",
        }
        for k, i in enumerate(chosen)
    ]
    frame = pd.DataFrame(rows)
    folder = ROOT / "corpora" / "samples"
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "sample.csv", index=False, encoding="utf-8-sig")
    with pd.ExcelWriter(folder / "sample.xlsx", engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="来信来访登记")
        sheet = writer.sheets["来信来访登记"]
        for letter, width in zip("ABCDE", (10, 10, 80, 24, 12)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    print(f"wrote {n} records to {folder}")


if __name__ == "__main__":
    main()
