"""The command line: argument parsing and printing only; the work lives in the stage packages."""
