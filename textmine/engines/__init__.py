"""Engines: what runs the classification of a whole input. The chunk function of :mod:`.batch` turns one
chunk of input rows into output rows; :mod:`.local` maps it over the chunks in this process or in worker
processes, with a checkpoint for ``--resume``.

>>> from textmine.engines import classify_dataframe
>>> import pandas as pd
>>> classify_dataframe(pd.DataFrame({"内容": ["村会计挪用修路款"]}))["labels"].tolist()
['corruption']
"""

from textmine.engines.batch import BatchSummary, ChunkTask, classify_dataframe, classify_file
from textmine.engines.local import Checkpoint, map_chunks

__all__ = ["BatchSummary", "Checkpoint", "ChunkTask", "classify_dataframe", "classify_file", "map_chunks"]
