"""The command line: everything that needs no window. Qt is imported only to launch it."""
