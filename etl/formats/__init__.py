"""Raw formats beyond tidy observations. Each module registers its adapter with etl.extract.register_adapter.

Add a module here and import it below; the ETL picks the adapter from the sidecar's ``format``.
"""

from . import (  # noqa: E402,F401  (SIM3 self-assessments, capacity-building plan items)  # noqa: E402,F401  (Eurostat SDMX-CSV aggregates, reference values, survey microdata)
    ncsi_points,  # noqa: E402,F401  (NCSI points per indicator: the reform planner)
    plans,
    research,  # noqa: E402,F401  (the research library)
    sdmx,
    sim3,
    stakeholders,  # noqa: E402,F401  (the stakeholder register)
    survey,
)
