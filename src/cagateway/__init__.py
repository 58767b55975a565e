"""Central Asia Gateway: the region's commodity-producer registry and the services around it."""

__all__ = ["__version__"]

__version__ = "0.1.0"
