"""Cooperation: joins the registry's producers to trade intelligence (which producers could fill which gaps).

Sits above ``trade`` and ``registry`` in the layers: trade stands alone, so the producer table the gap finder
needs is read here.
"""

from cagateway.cooperation.gaps import producer_capacities, trade_gaps

__all__ = ["producer_capacities", "trade_gaps"]
