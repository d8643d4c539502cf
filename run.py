"""Start Samla (python run.py --help), or run one of its commands (export)."""

from workshop.cli import main

if __name__ == "__main__":
    main()
