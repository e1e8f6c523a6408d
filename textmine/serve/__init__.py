"""The HTTP service (``textmine serve``, the ``serve`` extra: FastAPI and uvicorn): a JSON API for other
systems, a Label Studio ML backend, and a web page in Chinese for staff.

Only :mod:`.settings` is free of FastAPI; the command line reaches the rest through a lazy handle after
checking that the extra is installed.

>>> from textmine.serve.settings import ServeSettings
>>> ServeSettings().host
'127.0.0.1'
"""

from textmine.lazy import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {"create_app": "textmine.serve.app"}, globals())

__all__ = ["create_app"]
