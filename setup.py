"""Builds the optional compiled kernel of the linear model; everything else is declared in pyproject.toml.

Without a C compiler the install still succeeds and textmine uses the kernel's Python twins instead (same
results, slower; a warning says so).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "textmine.classify.linear._speedups",
            sources=["textmine/classify/linear/_speedups.c"],
            extra_compile_args=["-O3"],
            optional=True,
        )
    ]
)
