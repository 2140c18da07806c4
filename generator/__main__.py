"""Allow ``python -m generator`` as an alias of the ``vendorgen`` console script."""

from generator.cli import main

if __name__ == "__main__":
    main()
