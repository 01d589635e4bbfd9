"""`python -m harness.packs [FOLDER]`: regenerate the JSON Schemas (docs/schema)."""

import sys

from harness.packs.schema import write_schemas

if __name__ == "__main__":
    for written in write_schemas(sys.argv[1] if len(sys.argv) > 1 else "docs/schema"):
        print(written)
