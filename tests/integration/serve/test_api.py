"""The JSON API through FastAPI's test client: every route, the token on and off, each limit, plain messages."""

import base64
import threading
import time

import pytest

from tests.serve_app import MODEL_VERSION, SERVE_MISSING, SKIP_REASON, TOKEN, write_token

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]

LETTERS = [
    {"id": "A1", "text": "柳塘村会计王某把修村道的集资款挪去给儿子买车，请查处。"},
    {"id": "A2", "text": "反映柳塘村会计王某挪用修路集资款三万多元，至今未归还。"},
    {"id": "A3", "text": "柳塘村村民来电：会计把修路集资的钱挪用了，村里路一直没修。"},
    {"id": "A4", "text": "柳塘村会计王某把修村道的集资款挪去给儿子买车，请查处！"},
    {"id": "A5", "text": "邻居家狗半夜叫，影响休息。"},
]
#: Every route but /health, with a body that would be valid.
GUARDED = [
    ("GET", "/v1/taxonomy", None),
    ("POST", "/v1/classify", {"records": LETTERS[:1]}),
    ("POST", "/v1/cluster", {"records": LETTERS}),
    ("POST", "/v1/jobs", None),
    ("POST", "/v1/track", None),
    ("GET", "/v1/jobs/0123456789abcdef0123456789abcdef", None),
    ("GET", "/v1/jobs/0123456789abcdef0123456789abcdef/files/报告.html", None),
    ("POST", "/setup", {"project": "1.1", "schema": None}),
    ("POST", "/predict", {"tasks": []}),
    ("POST", "/webhook", {"action": "START_TRAINING"}),
    ("GET", "/docs", None),
    ("GET", "/openapi.json", None),
    ("GET", "/docs/assets/swagger-ui.css", None),
    ("GET", "/docs/assets/swagger-ui-bundle.js", None),
    ("POST", "/", None),
    ("POST", "/health", None),
    ("GET", "/no/such/page", None),
]
#: Label Studio's routes: it can only send Basic auth, so they take it too.
LABEL_STUDIO = ("/setup", "/predict", "/webhook")
#: What each route answers without a token configured (and with the right one).
OPEN = [("GET", "/", 200), ("GET", "/docs", 200), ("GET", "/openapi.json", 200),
        ("GET", "/docs/assets/swagger-ui.css", 200), ("GET", "/docs/assets/swagger-ui-bundle.js", 200),
        ("GET", "/v1/taxonomy", 200), ("POST", "/v1/classify", 200), ("POST", "/v1/jobs", 422),
        ("POST", "/v1/track", 422), ("GET", "/v1/jobs/0123456789abcdef0123456789abcdef", 404),
        ("POST", "/setup", 200), ("POST", "/webhook", 200), ("GET", "/health", 200)]  # fmt: skip
BODIES = {"/v1/classify": {"records": LETTERS[:1]}, "/setup": {"project": "1.1"}, "/webhook": {"action": "X"}}


def basic(password: str) -> str:
    return "Basic " + base64.b64encode(f"labelstudio:{password}".encode()).decode()


def test_health_is_up_and_says_whether_a_token_is_needed(serve_client):
    health = serve_client.get("/health").json()
    assert health["status"] == "UP" and health["model_class"] == "textmine"
    assert health["model_version"] == MODEL_VERSION and health["auth"] is False


def test_every_route_but_health_needs_the_bearer_token(serve, tmp_path):
    client = serve(token_file=str(write_token(tmp_path)))
    assert client.get("/health").json()["auth"] is True
    for method, path, body in GUARDED:
        refused = [{}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": basic("wrong")},
                   {"Authorization": TOKEN}, {"Authorization": f"Bearer {TOKEN[:-1]}"}]  # fmt: skip
        if path not in LABEL_STUDIO:
            refused.append({"Authorization": basic(TOKEN)})
        for headers in refused:
            answer = client.request(method, path, json=body, headers=headers)
            assert answer.status_code == 401, (method, path, headers)
            assert answer.json() == {
                "error": "this service needs a token: send the header Authorization: Bearer <token>"
            }
            assert answer.headers["www-authenticate"].startswith("Bearer")
        accepted = [{"Authorization": f"Bearer {TOKEN}"}, {"Authorization": f"bearer  {TOKEN} "}]
        if path in LABEL_STUDIO:
            accepted.append({"Authorization": basic(TOKEN)})
        for headers in accepted:
            assert client.request(method, path, json=body, headers=headers).status_code != 401, (method, path)


def test_with_the_token_every_route_answers_as_without_one(serve, tmp_path):
    open_client = serve()
    guarded = serve(token_file=str(write_token(tmp_path)))
    for method, path, status in OPEN:
        body = BODIES.get(path)
        assert open_client.request(method, path, json=body).status_code == status, (method, path)
        answer = guarded.request(method, path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == status, (method, path)
        if path == "/":
            assert "开始分析" in answer.text and "Content-Security-Policy" in answer.headers


def test_the_page_without_the_token_is_the_login_page(serve, tmp_path):
    from textmine.serve.page import LOGIN_FILE, PAGE_FILE, SCRIPT, page_policy

    client = serve(token_file=str(write_token(tmp_path)))
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": basic(TOKEN)}):
        answer = client.get("/", headers=headers)
        assert answer.status_code == 401 and answer.headers["content-type"].startswith("text/html")
        assert answer.headers["www-authenticate"].startswith("Bearer") and answer.headers["cache-control"] == "no-store"
        login = answer.text
        assert login == LOGIN_FILE.read_text(encoding="utf-8") and "请输入访问令牌" in login
        assert "开始分析" not in login and "/v1/" not in login  # nothing of the page, no route of the API
        assert "http://" not in login and "https://" not in login and " src=" not in login
        assert "sessionStorage" in login and "Bearer" in login
        policy = answer.headers["content-security-policy"]
        page = PAGE_FILE.read_text(encoding="utf-8")
        assert policy == page_policy(login, page) and policy.count("'sha256-") == 2
        assert len(SCRIPT.findall(login)) == 1
    assert client.head("/").status_code == 401
    assert client.get("/", headers={"Authorization": f"Bearer {TOKEN}"}).text == page


def test_the_token_is_compared_in_constant_time(serve, tmp_path, monkeypatch):
    from textmine.serve import security

    compared = []
    real = security.hmac.compare_digest
    monkeypatch.setattr(security.hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    client = serve(token_file=str(write_token(tmp_path)))
    assert client.get("/v1/taxonomy", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert compared == [(TOKEN.encode(), TOKEN.encode())]


def test_taxonomy_lists_labels_and_subtypes(serve_client):
    taxonomy = serve_client.get("/v1/taxonomy").json()
    assert [label["id"] for label in taxonomy["labels"]][:2] == ["formalism", "bureaucratism"]
    corruption = next(label for label in taxonomy["labels"] if label["id"] == "corruption")
    assert corruption["name"] == "腐败问题" and any(s["name"] == "贪污侵占挪用" for s in corruption["subtypes"])


def test_classify_returns_one_result_per_record_in_order(serve_client, default_model):
    records = [*LETTERS, {"text": "Hello"}, {"id": 7, "text": ""}]
    answer = serve_client.post("/v1/classify", json={"records": records, "extract": True})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["id"] for r in results] == ["A1", "A2", "A3", "A4", "A5", "6", 7]
    expected = default_model.classify([r["text"] for r in LETTERS])
    assert [r["labels"] for r in results[:5]] == [e.label_ids for e in expected]
    first = results[0]
    assert first["labels"] == ["corruption"] and first["labels_zh"] == ["腐败问题"]
    assert first["subtypes"] and set(first["scores"]) == set(default_model.classes_)
    assert first["evidence"]["corruption"] and first["error"] is None
    assert first["extracted"]["places"] == ["柳塘村"] and first["extracted"]["units"] == ["柳塘村会计"]
    assert results[5]["error"] == "no Chinese text" and results[6]["error"] == "empty text"
    assert "extracted" not in serve_client.post("/v1/classify", json={"records": LETTERS[:1]}).json()["results"][0]


def test_cluster_finds_the_recurring_problem_and_the_resubmission(serve_client):
    answer = serve_client.post("/v1/cluster", json={"records": LETTERS, "min_cluster_size": 3})
    assert answer.status_code == 200
    found = answer.json()
    assert [r["cluster"] for r in found["records"]] == [0, 0, 0, 0, -1]
    assert [r["duplicate_of"] for r in found["records"]] == [None, None, None, "A1", None]
    [cluster] = found["clusters"]
    assert cluster["record_ids"] == ["A1", "A2", "A3", "A4"] and cluster["resubmissions"] == 1
    assert "centroid" not in cluster
    within = serve_client.post("/v1/cluster", json={"records": LETTERS, "min_cluster_size": 3, "within_labels": True})
    assert within.json()["clusters"][0]["labels"] == {"corruption": 3}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"records": [{"id": 1}]}, "the request is not valid: records[0].text: field required"),
        ({"records": "text"}, "the request is not valid: records: "),
        ({}, "the request is not valid: records: field required"),
        ({"records": LETTERS, "min_cluster_size": 1}, "the request is not valid: min_cluster_size: "),
    ],
)
def test_a_bad_body_is_one_plain_sentence(serve_client, body, message):
    path = "/v1/cluster" if "min_cluster_size" in body else "/v1/classify"
    answer = serve_client.post(path, json=body)
    assert answer.status_code == 422 and set(answer.json()) == {"error"}
    assert answer.json()["error"].startswith(message)


def test_a_body_that_is_not_json_is_a_plain_422(serve_client):
    answer = serve_client.post("/v1/classify", content=b"{records", headers={"Content-Type": "application/json"})
    assert answer.status_code == 422 and answer.json() == {"error": "the request body is not valid JSON"}


def test_limits_on_body_records_and_characters(serve):
    client = serve(max_body_bytes=4000, max_records=3, max_chars=50)
    too_long = {"records": [{"id": "X", "text": "村" * 51}]}
    answer = client.post("/v1/classify", json=too_long)
    assert answer.status_code == 422
    assert answer.json() == {"error": "record X has 51 characters; at most 50 are taken per record"}
    answer = client.post("/v1/classify", json={"records": [{"text": "村会计挪用修路款"}] * 4})
    assert answer.status_code == 413
    assert (
        answer.json()["error"] == "4 records were sent; at most 3 are taken per request: send them in smaller batches"
    )
    big = {"records": [{"text": "村" * 2000}] * 3}
    answer = client.post("/v1/classify", json=big)
    assert answer.status_code == 413 and answer.json()["error"].startswith("the request is larger than")
    assert client.post("/v1/classify", json={"records": [{"text": "村会计挪用修路款"}] * 3}).status_code == 200


def test_a_streamed_body_without_length_is_cut_at_the_limit(serve):
    client = serve(max_body_bytes=4000)

    def chunks():
        yield b'{"records": [{"text": "'
        for _ in range(100):
            yield "村".encode() * 100
        yield b'"}]}'

    answer = client.post("/v1/classify", content=chunks(), headers={"Content-Type": "application/json"})
    assert answer.status_code == 413 and answer.json()["error"].startswith("the request is larger than")
    assert client.get("/health").status_code == 200


def test_redact_applies_to_responses(serve):
    client = serve(redact=True)
    texts = [f"举报人王小明，电话1381234567{n}。{LETTERS[n % 3]['text']}" for n in range(4)]
    found = client.post("/v1/cluster", json={"records": [{"text": t} for t in texts], "min_cluster_size": 2}).json()
    shown = str(found)
    assert "13812345670" not in shown and "王小明" not in shown and "【电话】" in shown
    classified = client.post("/v1/classify", json={"records": [{"text": texts[0]}], "extract": True}).json()
    assert "13812345670" not in str(classified)


def test_classification_runs_off_the_event_loop(serve):
    client = serve()
    service = client.app.state.service
    release = threading.Event()
    real = service.model.classify

    def slow_classify(texts):
        release.wait(10)
        return real(texts)

    service.model = type("Slow", (), {"classify": staticmethod(slow_classify), "taxonomy_": real.__self__.taxonomy_})()
    answers = []
    worker = threading.Thread(target=lambda: answers.append(client.post("/v1/classify", json={"records": LETTERS[:1]})))
    worker.start()
    time.sleep(0.3)
    started = time.monotonic()
    assert client.get("/health").status_code == 200
    waited = time.monotonic() - started
    release.set()
    worker.join(20)
    assert waited < 2.0 and answers[0].status_code == 200


def test_the_model_is_loaded_once_per_app(monkeypatch, default_model):
    from fastapi.testclient import TestClient

    from textmine.serve import service as service_module
    from textmine.serve.app import create_app
    from textmine.serve.settings import ServeSettings

    loads = []
    monkeypatch.setattr(service_module, "resolve_model", lambda name: loads.append(name) or default_model)
    with TestClient(create_app(ServeSettings())) as client:
        for _ in range(3):
            assert client.post("/v1/classify", json={"records": LETTERS[:2]}).status_code == 200
        assert client.get("/v1/taxonomy").status_code == 200
    assert loads == [None]


def test_concurrent_classification_gives_the_sequential_results(serve_client):
    service = serve_client.app.state.service
    texts = [letter["text"] for letter in LETTERS] * 4
    expected = service.classify_records(list(range(len(texts))), texts, extract=True)
    found: list = [None] * 8

    def work(k: int) -> None:
        found[k] = service.classify_records(list(range(len(texts))), texts, extract=True)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(result == expected for result in found)


def test_openapi_lists_the_routes_and_the_bearer_scheme(serve_client):
    schema = serve_client.get("/openapi.json").json()
    for path in ("/health", "/v1/taxonomy", "/v1/classify", "/v1/cluster", "/v1/jobs", "/v1/jobs/{job_id}",
                 "/v1/jobs/{job_id}/files/{name}", "/setup", "/predict"):  # fmt: skip
        assert path in schema["paths"], path
    assert schema["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
    assert "multipart/form-data" in schema["paths"]["/v1/jobs"]["post"]["requestBody"]["content"]
    track = schema["paths"]["/v1/track"]["post"]
    assert track["requestBody"]["content"]["multipart/form-data"]["schema"]["required"] == ["file", "register"]
    assert "整改后反弹" in track["description"] and "/v1/track" in schema["info"]["description"]


def test_the_docs_page_fetches_nothing_from_elsewhere(serve_client):
    page = serve_client.get("/docs").text
    assert "/docs/assets/swagger-ui-bundle.js" in page and "/docs/assets/swagger-ui.css" in page
    assert "https://" not in page and "http://" not in page
    assert serve_client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_head_health_answers_like_get(serve, tmp_path):
    client = serve(token_file=str(write_token(tmp_path)))
    answer = client.head("/health")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert answer.content == b""


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [("/v1/classify", {"records": [{"id": [1], "text": "x"}]},
      "the request is not valid: records[0].id: input should be a valid string (and 1 more)"),
     ("/predict", {"tasks": [], "project": {"a": 1}}, "the request is not valid: project: input should be a valid string")],
)  # fmt: skip
def test_an_error_in_a_field_of_several_types_names_the_field(serve_client, path, body, message):
    answer = serve_client.post(path, json=body)
    assert answer.status_code == 422 and answer.json()["error"].startswith(message)


def test_half_a_character_in_an_id_or_a_text_is_answered_not_a_server_error(serve_client):
    body = '{"records": [{"id": "A\\ud800", "text": "\\ud800村会计挪用修路款"}, {"id": "B", "text": "村会计"}]}'
    answer = serve_client.post("/v1/classify", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["id"] for r in results] == ["A\ufffd", "B"] and "undecodable" in results[0]["error"]
    clustered = serve_client.post("/v1/cluster", content=body, headers={"Content-Type": "application/json"})
    assert clustered.status_code == 200 and len(clustered.json()["records"]) == 2
