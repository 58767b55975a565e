"""Errors of the logistics domain, each a :class:`cagateway.errors.GatewayError`::

NotFound
├── UnknownPlace          a FROM/TO that is no curated node, UN/LOCODE, city or lat,lon
├── UnknownScenario       a scenario name with no file in the scenarios folder
└── Unreachable           no path between two places (after avoidances)
InvalidInput
├── InvalidTonnage        negative or non-finite tonnes
└── ScenarioInvalid       a scenario naming links or nodes the network does not have
ConfigurationError
└── NetworkDataMissing    the curated corridor files or the OSM graph package are missing
"""

from __future__ import annotations

from cagateway.errors import ConfigurationError, InvalidInput, NotFound

__all__ = ["InvalidTonnage", "NetworkDataMissing", "ScenarioInvalid", "UnknownPlace", "UnknownScenario", "Unreachable"]


class UnknownPlace(NotFound):
    code = "unknown_place"


class UnknownScenario(NotFound):
    code = "unknown_scenario"


class Unreachable(NotFound):
    code = "unreachable"


class InvalidTonnage(InvalidInput):
    code = "invalid_tonnage"


class ScenarioInvalid(InvalidInput):
    code = "scenario_invalid"


class NetworkDataMissing(ConfigurationError):
    code = "network_data_missing"
