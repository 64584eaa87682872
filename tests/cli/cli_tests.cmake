# CLI tests are registered here (see tests/cli/README.md).
