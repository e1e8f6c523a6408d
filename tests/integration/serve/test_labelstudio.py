"""The Label Studio ML backend routes with request bodies recorded in Label Studio's format
(tests/fixtures/labelstudio): /health, /setup and /predict."""

import base64

import pytest

from tests.serve_app import MODEL_VERSION, SERVE_MISSING, SKIP_REASON, TOKEN, fixture, write_token

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]


def test_health_answers_as_label_studio_expects(serve_client):
    health = serve_client.get("/health").json()
    assert health["status"] == "UP" and health["model_class"]


def test_setup_answers_the_model_version(serve_client):
    answer = serve_client.post("/setup", json=fixture("setup_request.json"))
    assert answer.status_code == 200 and answer.json() == {"model_version": MODEL_VERSION}


def test_setup_refuses_a_project_without_textmine_choices(serve_client):
    answer = serve_client.post("/setup", json=fixture("setup_request_images.json"))
    assert answer.status_code == 422
    assert answer.json()["error"].startswith("the labelling config has no <Choices> whose choices are textmine labels")


def test_predict_gives_one_prediction_per_task_in_order(serve_client, default_model):
    request = fixture("predict_request.json")
    answer = serve_client.post("/predict", json=request)
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert len(results) == len(request["tasks"]) == 3
    expected = default_model.classify([task["data"]["text"] for task in request["tasks"]])
    for prediction, result in zip(results, expected):
        assert prediction["model_version"] == MODEL_VERSION and 0.0 <= prediction["score"] <= 1.0
        chosen = [c for region in prediction["result"] for c in region["value"]["choices"]]
        assert chosen == sorted(result.label_names, key=lambda n: -next(x.score for x in result.labels if x.name == n))
    first = results[0]["result"]
    assert first == [{"id": "textmine-0", "from_name": "label", "to_name": "text", "type": "choices",
                      "value": {"choices": ["腐败问题"]}}]  # fmt: skip
    assert results[2]["result"] == []  # a barking dog is none of textmine's problems


def test_predict_fills_every_control_of_a_custom_config(serve_client):
    results = serve_client.post("/predict", json=fixture("predict_request_subtypes.json")).json()["results"]
    regions = {region["from_name"]: region for region in results[0]["result"]}
    assert regions["category"]["to_name"] == "letter"
    assert regions["category"]["value"]["choices"] == ["腐败"]  # the choice's alias, one choice: single
    assert regions["subtype"]["value"]["choices"] == ["贪污侵占挪用"]
    assert results[1]["result"] == []  # this task has no text under the config's key


def test_predict_and_setup_take_label_studios_basic_auth(serve, tmp_path):
    client = serve(token_file=str(write_token(tmp_path)))
    request = fixture("predict_request.json")
    assert client.post("/predict", json=request).status_code == 401
    assert client.post("/setup", json=fixture("setup_request.json")).status_code == 401
    basic = "Basic " + base64.b64encode(f"user:{TOKEN}".encode()).decode()
    assert client.post("/predict", json=request, headers={"Authorization": basic}).status_code == 200
    assert (
        client.post("/setup", json=fixture("setup_request.json"), headers={"Authorization": basic}).status_code == 200
    )


def test_predict_limits_tasks_and_characters(serve):
    client = serve(max_records=2, max_chars=30)
    request = fixture("predict_request.json")
    answer = client.post("/predict", json=request)
    assert answer.status_code == 413 and answer.json()["error"].startswith("3 tasks were sent; at most 2")
    request["tasks"] = request["tasks"][:2]
    answer = client.post("/predict", json=request)
    assert answer.status_code == 422 and answer.json()["error"].startswith("record 101 has 41 characters")


def test_a_broken_labelling_config_is_a_plain_422(serve_client):
    request = fixture("predict_request.json") | {"label_config": "<View><Choices name='x'"}
    answer = serve_client.post("/predict", json=request)
    assert answer.status_code == 422 and answer.json()["error"].startswith("the labelling config is not valid XML")
    entity = '<!DOCTYPE x [<!ENTITY a "aaaa">]><View>&a;</View>'
    answer = serve_client.post("/predict", json=fixture("predict_request.json") | {"label_config": entity})
    assert answer.status_code == 422 and "DOCTYPE" in answer.json()["error"]


def test_training_webhooks_are_answered_and_ignored(serve_client):
    answer = serve_client.post("/webhook", json={"action": "START_TRAINING", "project": {"id": 3}})
    assert answer.status_code == 200 and answer.json()["status"].startswith("ignored")


@pytest.mark.parametrize("data", ["x", [1], 5, True, None, {"text": 5}])
def test_a_task_whose_data_is_not_an_object_gets_an_empty_prediction(serve_client, data):
    tasks = [{"id": 1, "data": data}, {"id": 2, "data": {"text": "村会计挪用修路集资款三万多元"}}]
    answer = serve_client.post("/predict", json={"tasks": tasks})
    assert answer.status_code == 200, answer.json()
    first, second = answer.json()["results"]
    assert first == {"result": [], "score": 0.0, "model_version": MODEL_VERSION}  # as a task without text
    assert second["result"][0]["value"]["choices"] == ["腐败问题"]
