"""The frozen bundle's entry point: the same as the installed ``casenotes`` command."""

from casenotes.cli.main import entry_point

if __name__ == "__main__":
    entry_point()
