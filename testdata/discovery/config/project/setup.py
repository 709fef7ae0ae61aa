from setuptools import setup

setup(name="client", packages=["client"], python_requires=">=3.8")
