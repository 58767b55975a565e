"""The web adapter: ``create_app(settings)`` builds the portal and the JSON API."""

from cagateway.web.app import create_app

__all__ = ["create_app"]
