"""Builds the optional compiled n-gram counter; everything else is declared in pyproject.toml.

Without a C compiler the install still succeeds and textmine counts n-grams with numpy instead
(same results, slower).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "_textmine_speedups",
            sources=["textmine/speedups.c"],
            extra_compile_args=["-O3"],
            optional=True,
        )
    ]
)
