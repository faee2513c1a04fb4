"""The version, in a module of its own so that any module can import it without the package's
``__init__`` (which would make an import circle)."""
__version__ = "0.1.0"
