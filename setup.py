"""Package layout only (metadata lives in pyproject.toml): `udfs/` installs as `kpixl_udfs` and
`workbook_templates/` as `kpixl_templates`, names that cannot clash with other packages."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["kpixl", "kpixl.*"]), "kpixl_udfs", "kpixl_templates"],
    package_dir={"kpixl_udfs": "udfs", "kpixl_templates": "workbook_templates"},
    package_data={"kpixl_templates": ["*.toml"], "kpixl_udfs": ["*.txt", "*.py"]},
)
