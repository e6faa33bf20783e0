"""Package discovery: every mso_tui package plus the top-level styles/ folder as mso_tui.styles."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["mso_tui", "mso_tui.*"]) + ["mso_tui.styles"],
    package_dir={"mso_tui.styles": "styles"},
)
