"""Package layout only (everything else is in pyproject.toml).

The top-level ``resources/`` folder ships inside the package as ``casenotes.resources``;
pyproject.toml alone cannot combine package discovery with that mapping.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "casenotes.resources"],
    package_dir={"": "src", "casenotes.resources": "resources"},
)
