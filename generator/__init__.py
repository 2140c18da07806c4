"""vendorgen: OpenAPI specs of voice-AI calling vendors in, typed Python clients out."""

__version__ = "0.1.0"

__all__ = ["__version__"]
