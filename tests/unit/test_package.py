import subprocess
import sys

import pytest

import textmine


def modules_loaded_by(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_importing_the_package_loads_no_heavy_library():
    loaded = modules_loaded_by("import textmine")
    assert not {"sklearn", "pandas", "scipy", "jieba", "torch", "spacy"} & loaded


def test_the_command_line_loads_what_fitting_and_the_extras_need_only_when_used():
    loaded = modules_loaded_by("import textmine.cli; textmine.cli.build_parser()")
    assert not {"sklearn", "torch", "spacy", "transformers", "datasketch", "openpyxl", "docx"} & loaded


def test_public_names_resolve_on_first_use():
    assert textmine.load_taxonomy().label_ids[0] == "formalism"
    assert textmine.normalize("ＡＢＣ") == "ABC"
    assert set(textmine.__all__) <= set(dir(textmine))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        textmine.nothing  # noqa: B018


def test_classifying_with_a_saved_linear_model_does_not_import_scikit_learn():
    loaded = modules_loaded_by("import textmine; textmine.load_classifier().classify(['村会计挪用修路款'])")
    assert "sklearn" not in loaded
