"""A plain ``pip install`` of the built wheel, in a fresh virtual environment outside the checkout, trains a
model on an office's own file (the base corpus ships inside the package), and ``textmine serve`` without
the serve extra says in one sentence how to install it."""

import subprocess
import sys
import venv
import zipfile

import pandas as pd
import pytest

from tests.cases import make_cases
from tests.paths import ROOT


@pytest.mark.slow
def test_training_works_from_an_installed_wheel(tmp_path_factory):
    build = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(build), str(ROOT)], check=True, cwd=build
    )
    wheel = next(build.glob("textmine-*.whl"))
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, cwd=build)

    work = tmp_path_factory.mktemp("office")  # outside the checkout: nothing can be found beside the source
    cases = make_cases(12, seed=5)
    names = {"交通": "腐败问题", "教育": "党建问题", "环境": "形式主义"}  # the built-in taxonomy's categories
    frame = pd.DataFrame({"内容": [t for t, _ in cases], "类别": [names[label] for _, label in cases]})
    frame.to_excel(work / "mine.xlsx", index=False)
    textmine = env_dir / "bin" / "textmine"
    done = subprocess.run(
        [str(textmine), "train", "--data", "mine.xlsx", "--out", "m", "--check-folds", "0"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "base test" in done.stdout  # the base corpus's test split was found and scored
    assert (work / "m" / "model.json").is_file()
    served = subprocess.run([str(textmine), "serve"], cwd=work, capture_output=True, text=True)  # no serve extra
    assert served.returncode == 2 and served.stderr.count("\n") == 1, served.stderr
    assert 'install it with: pip install "textmine[serve]"' in served.stderr
    with zipfile.ZipFile(wheel) as archive:
        assert {"textmine/serve/page/index.html", "textmine/serve/page/login.html"} <= set(archive.namelist())
