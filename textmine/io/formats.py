"""Third-party readers and writers of file formats, imported on first use: most runs read or write only one
of them (importing openpyxl, pyarrow and python-docx every time would cost a third of a second).

>>> openpyxl.utils.get_column_letter(3)
'C'
"""

from textmine.lazy import lazy_module

openpyxl = lazy_module("openpyxl")
pyarrow = lazy_module("pyarrow")
parquet = lazy_module("pyarrow.parquet")
docx = lazy_module("docx")
