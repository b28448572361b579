"""The first cell imports a package that is not installed; the cells after it still run.
position: prepend
expect: full
"""
import a_package_that_is_not_installed
