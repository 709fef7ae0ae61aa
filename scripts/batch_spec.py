"""Checks a Sourcegraph batch spec against the batch-spec JSON schema (exit 1, with each error).

    python scripts/batch_spec.py SPEC.yaml [SCHEMA.json]

Needs PyYAML and jsonschema (scripts/docs.sh installs both). The default schema is
testdata/schemas/sourcegraph-batch-spec.schema.json. The YAML is read as YAML 1.2 reads it, as
Sourcegraph's `src` does: `on:` is a key, not the boolean true of YAML 1.1, and only
true/false are booleans.
"""

import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent


class Yaml12Loader(yaml.SafeLoader):
    pass


# YAML 1.1's booleans (yes, no, on, off, ...) are strings in YAML 1.2.
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def main():
    spec = yaml.load(Path(sys.argv[1]).read_text(), Loader=Yaml12Loader)
    default = ROOT / "testdata" / "schemas" / "sourcegraph-batch-spec.schema.json"
    schema = json.loads(Path(sys.argv[2] if len(sys.argv) > 2 else default).read_text())
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(spec), key=lambda e: list(e.absolute_path))
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        print(f"{sys.argv[1]}: {where}: {error.message}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
