import shutil

import pytest

spacy = pytest.importorskip("spacy", reason="the spacy extra is not installed")


def _factory_registered() -> bool:
    from importlib.metadata import entry_points

    return any(ep.name == "textmine_classifier" for ep in entry_points(group="spacy_factories"))


pytestmark = pytest.mark.skipif(
    not _factory_registered(), reason="textmine is not installed, so spaCy cannot find its factory by entry point"
)

TEXT = "村会计把三万元修路款挪去放贷，至今没有归还"


def test_add_pipe_by_name_puts_scores_labels_and_evidence_on_the_doc():
    nlp = spacy.blank("zh")
    nlp.add_pipe("textmine_classifier")
    doc = nlp(TEXT)
    assert doc.cats["corruption"] > 0.5 and set(doc.cats) >= {"formalism", "party_building"}
    assert doc._.textmine_labels == ["corruption"]
    assert doc._.textmine_subtypes[0].startswith("corruption.")
    assert doc._.textmine_evidence["corruption"]


def test_pipe_batches_give_the_same_as_one_by_one():
    nlp = spacy.blank("zh")
    nlp.add_pipe("textmine_classifier", config={"batch_size": 2})
    texts = [TEXT, "镇里天天开会发文件，落实全靠嘴", "邻居吵架", "支部三会一课不落实"]
    assert [d._.textmine_labels for d in nlp.pipe(texts)] == [nlp(t)._.textmine_labels for t in texts]


def test_saved_pipeline_carries_the_model_and_loads_without_its_source(spacy_model, tmp_path):
    source = tmp_path / "model"
    spacy_model.save(source)
    nlp = spacy.blank("zh")
    nlp.add_pipe("textmine_classifier", config={"model": str(source)})
    expected = nlp(TEXT).cats
    nlp.to_disk(tmp_path / "pipeline")
    shutil.rmtree(source)
    again = spacy.load(tmp_path / "pipeline")
    assert again(TEXT).cats == pytest.approx(expected)


def test_the_component_offers_spacy_no_model_attribute_to_load_early(spacy_model, tmp_path):
    """spaCy checks components for a ``model`` (whatever the hash order of its protocol check) while
    linking a pipeline it loads: that must not load the textmine model from a path not yet restored."""
    source = tmp_path / "model"
    spacy_model.save(source)
    nlp = spacy.blank("zh")
    component = nlp.add_pipe("textmine_classifier", config={"model": str(source)})
    assert not hasattr(component, "model")
    shutil.rmtree(source)
    assert component._model is None  # nothing was loaded by adding the pipe
