"""What a user would write without textmine: pandas, jieba.lcut on every row, TF-IDF and logistic
regression trained on the corpus, one process. The benchmark's baseline.

    python scripts/naive_baseline.py INPUT.csv OUTPUT.csv

Its last line on standard error gives the seconds of its phases as JSON: ``train`` (fitting on the
corpus), ``classify`` (reading INPUT, segmenting, TF-IDF, predicting, writing OUTPUT), ``predict``
(the TF-IDF and the model alone, inside ``classify``) and ``classify_cpu`` (CPU seconds of ``classify``).
"""

import json
import sys
import time
from pathlib import Path

import jieba
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

ROOT = Path(__file__).resolve().parent.parent

started, started_cpu = time.perf_counter(), time.process_time()
train = [json.loads(line) for line in open(ROOT / "corpora" / "train.jsonl", encoding="utf-8")]
binarizer = MultiLabelBinarizer()
y = binarizer.fit_transform([r["labels"] for r in train])
vectorizer = TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None)
model = OneVsRestClassifier(LogisticRegression(max_iter=1000))
model.fit(vectorizer.fit_transform([r["text"] for r in train]), y)
trained, trained_cpu = time.perf_counter(), time.process_time()

frame = pd.read_csv(sys.argv[1])
predict_started = time.perf_counter()
predicted = model.predict(vectorizer.transform(frame["反映内容"].astype(str)))
predicted_at = time.perf_counter()
frame["labels"] = [";".join(binarizer.classes_[row.astype(bool)]) for row in predicted]
frame.to_csv(sys.argv[2], index=False, encoding="utf-8-sig")
finished, finished_cpu = time.perf_counter(), time.process_time()

phases = {"train": trained - started, "classify": finished - trained, "predict": predicted_at - predict_started,
          "classify_cpu": finished_cpu - trained_cpu}  # fmt: skip
print(json.dumps(phases), file=sys.stderr)
