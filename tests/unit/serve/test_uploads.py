"""Uploads: only the kind of an uploaded file name counts, from a fixed list; a body must be whole, and come in
time."""

import time

import pytest

from tests.serve_app import SERVE_MISSING, SKIP_REASON

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]


@pytest.mark.parametrize(
    ("name", "suffix"),
    [("信访.xlsx", ".xlsx"), ("a.XLSM", ".xlsx"), ("x.y.csv", ".csv"), ("t.tsv", ".tsv"), ("r.jsonl", ".jsonl"),
     ("r.json", ".json"), ("p.parquet", ".parquet"), ("../../etc/passwd", None), ("a.exe", None), ("csv", None),
     ("a.csv/..", None), ("a.docx", None), ("", None)],
)  # fmt: skip
def test_suffix_for_takes_only_known_kinds(name, suffix):
    from textmine.serve.uploads import UPLOAD_SUFFIXES, suffix_for

    assert suffix_for(name) == suffix
    assert suffix is None or suffix in UPLOAD_SUFFIXES.values()


BOUNDARY = "textmine-unit-boundary"
WHOLE = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'
         f"内容\n村会计挪用修路款\n\r\n--{BOUNDARY}--\r\n").encode()  # fmt: skip


class SlowRequest:
    """A request whose body comes in ``chunks``, ``pause`` seconds apart, then nothing more for ``stall`` seconds."""

    def __init__(self, chunks: list[bytes], pause: float = 0.0, stall: float = 0.0) -> None:
        self.headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
        self.chunks, self.pause, self.stall = chunks, pause, stall

    async def stream(self):
        import anyio

        for chunk in self.chunks:
            await anyio.sleep(self.pause)
            yield chunk
        await anyio.sleep(self.stall)
        yield b""


def receive(request, tmp_path, idle: float, total: float):
    import anyio

    from textmine.serve.uploads import UploadTimeouts, receive_upload

    async def run():
        return await receive_upload(request, tmp_path, timeouts=UploadTimeouts(idle, total))

    return anyio.run(run)


def test_an_upload_that_stalls_is_dropped_with_408(tmp_path):
    from textmine.serve.limits import ApiError

    started = time.monotonic()
    with pytest.raises(ApiError) as dropped:
        receive(SlowRequest([WHOLE[:60]], stall=30), tmp_path, idle=0.5, total=60)
    assert time.monotonic() - started < 5
    assert dropped.value.status == 408 and dropped.value.headers == {"Connection": "close"}
    assert dropped.value.message == "the upload was dropped: no data came for 0.5 seconds; send it again"


def test_an_upload_that_trickles_in_is_dropped_after_the_overall_limit(tmp_path):
    from textmine.serve.limits import ApiError

    trickle = [WHOLE[n : n + 4] for n in range(0, len(WHOLE), 4)]
    started = time.monotonic()
    with pytest.raises(ApiError) as dropped:
        receive(SlowRequest(trickle, pause=0.05), tmp_path, idle=0.5, total=0.6)
    assert time.monotonic() - started < 5
    assert dropped.value.status == 408 and "still coming after 0.6 seconds" in dropped.value.message


def test_an_upload_that_keeps_coming_in_time_is_received(tmp_path):
    halves = [WHOLE[: len(WHOLE) // 2], WHOLE[len(WHOLE) // 2 :]]
    upload = receive(SlowRequest(halves, pause=0.1), tmp_path, idle=0.5, total=5)
    assert upload.filename == "a.csv" and upload.path.read_text(encoding="utf-8") == "内容\n村会计挪用修路款\n"


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [(WHOLE[:-20], f"multipart/form-data; boundary={BOUNDARY}", "the upload is incomplete"),
     (WHOLE.replace(BOUNDARY.encode(), b"b" * 300), f"multipart/form-data; boundary={'b' * 300}",
      "the upload is not valid multipart/form-data")],
)  # fmt: skip
def test_a_cut_body_or_an_overlong_boundary_is_a_plain_422(tmp_path, body, content_type, message):
    from textmine.serve.limits import ApiError

    request = SlowRequest([body])
    request.headers = {"content-type": content_type}
    with pytest.raises(ApiError) as refused:
        receive(request, tmp_path, idle=5, total=5)
    assert refused.value.status == 422 and refused.value.message.startswith(message)


def test_a_client_that_goes_away_is_a_plain_refusal(tmp_path):
    from starlette.requests import ClientDisconnect

    from textmine.serve.limits import ApiError

    class GoneRequest(SlowRequest):
        async def stream(self):
            yield WHOLE[:60]
            raise ClientDisconnect()

    with pytest.raises(ApiError) as refused:
        receive(GoneRequest([]), tmp_path, idle=5, total=5)
    assert refused.value.status == 400 and "the client went away" in refused.value.message
