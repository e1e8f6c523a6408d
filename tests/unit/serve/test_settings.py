"""The service's settings: loopback binding, the token file, the hand-over to worker processes."""

import pytest

from textmine.errors import TextmineError
from textmine.serve.settings import ServeSettings, read_token, token_file_is_private


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts_need_no_token(host):
    assert ServeSettings(host=host).check().is_loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_another_address_is_refused_without_a_token(host):
    with pytest.raises(TextmineError, match="give a token with --token-file FILE"):
        ServeSettings(host=host).check()


def test_another_address_is_taken_with_a_token(tmp_path):
    token = tmp_path / "token"
    token.write_text("a-long-enough-token-123\n", encoding="utf-8")
    settings = ServeSettings(host="0.0.0.0", token_file=str(token)).check()
    assert settings.token() == "a-long-enough-token-123"


@pytest.mark.parametrize(("content", "message"), [("short", "at least 16 characters"), ("", "at least 16"),
                                                  ("two words in a long token", "without spaces")])  # fmt: skip
def test_a_weak_token_is_refused(tmp_path, content, message):
    (tmp_path / "token").write_text(content, encoding="utf-8")
    with pytest.raises(TextmineError, match=message):
        read_token(tmp_path / "token")


def test_a_missing_token_file_is_one_sentence(tmp_path):
    with pytest.raises(TextmineError, match="does not exist"):
        ServeSettings(token_file=str(tmp_path / "nothing")).check()


def test_token_file_privacy(tmp_path):
    path = tmp_path / "token"
    path.write_text("a-long-enough-token-123", encoding="utf-8")
    path.chmod(0o600)
    assert token_file_is_private(path)
    path.chmod(0o644)
    assert not token_file_is_private(path)


def test_limits_must_be_positive():
    with pytest.raises(TextmineError, match="max-records must be a positive number"):
        ServeSettings(max_records=0).check()


def test_settings_travel_to_workers_as_json():
    settings = ServeSettings(port=9000, workers=3, redact=True, max_chars=100, work_dir="/tmp/x")
    assert ServeSettings.from_json(settings.to_json()) == settings


@pytest.mark.parametrize(
    ("values", "message"),
    [({"max_upload_bytes": 0}, "max-upload-mb must be a positive number, not 0"),
     ({"max_upload_bytes": -(2**20)}, "max-upload-mb must be a positive number, not -1"),
     ({"keep_seconds": 0}, "keep-minutes must be a positive number, not 0"),
     ({"max_uploads": 0}, "max-uploads must be a positive number, not 0"),
     ({"upload_idle_seconds": 0}, "upload-idle-seconds must be a positive number, not 0"),
     ({"upload_seconds": -1.5}, "upload-seconds must be a positive number, not -1.5")],
)  # fmt: skip
def test_a_limit_is_named_as_the_command_line_takes_it(values, message):
    with pytest.raises(TextmineError) as refused:
        ServeSettings(**values).check()
    assert str(refused.value) == message
