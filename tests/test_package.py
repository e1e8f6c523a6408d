import subprocess
import sys

import pytest

import textmine


def modules_loaded_by(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_importing_the_package_or_the_command_line_loads_no_heavy_library():
    for statement in ("import textmine", "import textmine.cli; textmine.cli.build_parser()"):
        loaded = modules_loaded_by(statement)
        assert not {"sklearn", "pandas", "scipy", "jieba", "torch", "spacy"} & loaded, statement


def test_public_names_resolve_on_first_use():
    assert textmine.load_taxonomy().label_ids[0] == "formalism"
    assert textmine.normalize("ＡＢＣ") == "ABC"
    assert set(textmine.__all__) <= set(dir(textmine))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        textmine.nothing  # noqa: B018


def test_classifying_with_a_saved_linear_model_does_not_import_scikit_learn():
    loaded = modules_loaded_by("import textmine; textmine.load_classifier().classify(['村会计挪用修路款'])")
    assert "sklearn" not in loaded
