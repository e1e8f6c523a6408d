"""A saved model folder damaged the ways a user can damage one (a hand-edited model.json, a half-copied or
overwritten weights file) fails to load with one plain sentence naming the folder and what is wrong."""

import json
import shutil
import struct

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

from textmine import load_classifier
from textmine.classify.linear.model import LinearClassifier
from textmine.errors import TextmineError

TEXTS = [
    "村会计挪用修路款三万元",
    "镇里天天开会发文件",
    "镇长用公车接送孩子",
    "村支书把低保给亲戚",
    "领导收了老板的购物卡",
] * 3
LABELS = [["corruption"], ["formalism"], ["hedonism"], ["corruption"], ["hedonism"]] * 3
SUBTYPES = [["corruption.embezzlement"], ["formalism.meetings_documents"], ["hedonism.official_car_misuse"],
            ["corruption.favouritism"], ["hedonism.gifts_cash"]] * 3  # fmt: skip


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A small single-label model (so it saves a neighbour vote too), saved once."""
    folder = tmp_path_factory.mktemp("model")
    model = LinearClassifier(min_df=1, threshold_folds=0).fit(TEXTS, LABELS, subtypes=SUBTYPES)
    model.save(folder)
    return folder


@pytest.fixture
def copy(saved, tmp_path):
    """A fresh copy of the saved model, to damage."""
    return shutil.copytree(saved, tmp_path / "model")


def edit_description(folder, change) -> None:
    path = folder / "model.json"
    description = json.loads(path.read_text(encoding="utf-8"))
    change(description)
    path.write_text(json.dumps(description, ensure_ascii=False), encoding="utf-8")


def edit_arrays(folder, change) -> None:
    arrays = load_file(str(folder / "weights.safetensors"))
    change(arrays)
    save_file(arrays, str(folder / "weights.safetensors"))


def load_error(folder) -> str:
    with pytest.raises(TextmineError) as caught:
        load_classifier(folder)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"the model in {str(folder)!r} is damaged: "), message
    assert message.endswith("; copy the model folder again, or train it again"), message
    return message


def test_an_undamaged_copy_loads_with_its_vote(copy):
    model = load_classifier(copy)
    assert model.neighbours_ is not None and model.classify(["村会计挪用修路款"])[0].labels


def test_too_few_classes(copy):
    edit_description(copy, lambda d: d.update(classes=d["classes"][:3]))
    assert "the coef array in weights.safetensors has 6 rows, but model.json lists 3 classes" in load_error(copy)


def test_too_few_subtypes(copy):
    edit_description(copy, lambda d: d.update(subtype_classes=d["subtype_classes"][:-1]))
    assert "the subtype_coef array in weights.safetensors has 39 rows, but model.json lists 38 subtypes" in load_error(
        copy
    )


@pytest.mark.parametrize("vocabulary", ["word_vocabulary", "char_vocabulary"])
def test_a_truncated_vocabulary(copy, vocabulary):
    kept = {}

    def halve(description):
        kept["n"] = len(description[vocabulary]) // 2
        description[vocabulary] = description[vocabulary][: kept["n"]]

    edit_description(copy, halve)
    kind = "word" if vocabulary == "word_vocabulary" else "character"
    assert f"but model.json's {kind} vocabulary holds {kept['n']} terms" in load_error(copy)


def test_a_vocabulary_term_listed_twice(copy):
    edit_description(copy, lambda d: d.update(word_vocabulary=[*d["word_vocabulary"][:-1], d["word_vocabulary"][0]]))
    assert "model.json's vocabularies hold entries that are not distinct terms" in load_error(copy)


def test_a_nan_weight_from_overwritten_bytes(copy):
    path = copy / "weights.safetensors"
    data = bytearray(path.read_bytes())
    start = 8 + struct.unpack("<Q", data[:8])[0]  # the data section follows the header
    middle = start + (len(data) - start) // 2 // 4 * 4
    data[middle : middle + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    assert "holds numbers that are not finite (NaN or infinity)" in load_error(copy)


def test_a_nan_or_infinite_threshold_in_model_json(copy):
    edit_description(copy, lambda d: d["thresholds"].__setitem__(0, float("inf")))
    assert "model.json's list of thresholds holds numbers that are not finite" in load_error(copy)


def test_thresholds_that_do_not_match_the_classes(copy):
    edit_description(copy, lambda d: d["thresholds"].append(0.5))
    assert "model.json's list of thresholds has 7 values, but model.json lists 6 classes" in load_error(copy)


def test_a_calibration_that_is_not_a_table(copy):
    edit_description(copy, lambda d: d["calibration"][0].pop())
    assert "model.json's thresholds or calibration are not a table of numbers" in load_error(copy)


def test_a_missing_list_in_model_json(copy):
    edit_description(copy, lambda d: d.pop("subtype_classes"))
    assert "model.json has no list of subtype classes" in load_error(copy)


def test_a_class_the_taxonomy_does_not_have(copy):
    edit_description(copy, lambda d: d["classes"].__setitem__(0, "bribery"))
    assert "model.json lists 'bribery' as a class, which its taxonomy does not have" in load_error(copy)


def test_a_missing_weight_array(copy):
    edit_arrays(copy, lambda arrays: arrays.pop("intercept"))
    assert "weights.safetensors has no intercept array" in load_error(copy)


def test_a_neighbour_vote_with_labels_past_the_classes(copy):
    def relabel(arrays):
        arrays["neighbour_labels"] = np.full_like(arrays["neighbour_labels"], 6)

    edit_arrays(copy, relabel)
    assert "its neighbour vote uses labels past the 6 classes of model.json" in load_error(copy)


def test_a_neighbour_vote_with_rows_that_do_not_add_up(copy):
    edit_arrays(copy, lambda arrays: arrays.update(neighbour_indptr=arrays["neighbour_indptr"][:-1].copy()))
    assert "its neighbour vote's rows in weights.safetensors do not add up" in load_error(copy)


def test_a_neighbour_vote_missing_from_the_weights(copy):
    edit_arrays(copy, lambda arrays: arrays.pop("neighbour_data"))
    assert "its neighbour vote has no neighbour_data array in weights.safetensors" in load_error(copy)


def test_the_class_method_gives_the_same_sentence(copy):
    edit_description(copy, lambda d: d.update(classes=d["classes"][:3]))
    with pytest.raises(TextmineError, match="is damaged: the coef array"):
        LinearClassifier.load(copy)
