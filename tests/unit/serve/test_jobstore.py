"""The job store's places: uploads coming in are counted apart from jobs, and a refusal says when to retry."""

import threading

import pytest

from tests.serve_app import SERVE_MISSING, SKIP_REASON

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]


def refusal(call):
    """The 429 that `call()` raises (its Retry-After checked)."""
    from textmine.serve.limits import ApiError

    with pytest.raises(ApiError) as refused:
        call()
    assert refused.value.status == 429 and refused.value.headers == {"Retry-After": "10"}
    return refused.value


def test_uploads_coming_in_hold_no_job_place(tmp_path):
    from textmine.errors import TextmineError
    from textmine.serve.jobstore import JobStore

    store = JobStore(tmp_path / "work", max_jobs=1, max_uploads=2)
    release = threading.Event()

    def work(outdir, progress):
        release.wait(20)
        raise TextmineError("done waiting")

    try:
        first, second = store.new_job(), store.new_job()  # two uploads under way, the one job place still free
        assert refusal(store.new_job).message == "2 uploads are coming in; try again in a moment"
        store.abandon(second[1])  # a dropped upload gives its place back
        assert not second[1].exists()
        third = store.new_job()
        store.submit(*first, [], work, "a.csv")  # the first upload is whole: it takes the job place
        assert refusal(lambda: store.submit(*third, [], work, "b.csv")).message.startswith("1 jobs are waiting")
        assert not third[1].exists()  # the refused upload is deleted
        assert refusal(store.new_job).message.startswith("1 jobs are waiting or running")
    finally:
        release.set()
        store.close(remove=True)
