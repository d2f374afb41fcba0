"""Cyber hygiene and inclusion: weighted survey estimates with 95% intervals, computed in DuckDB.

Method (also shown on the page and in docs/views.md, "Cyber hygiene and inclusion"):

- **Weighted share.** For a cell (economy, year, and any breakdown) and a yes/no question, the share
  is ``p = sum(w * yes) / sum(w)`` over the respondents who answered the question (an empty answer
  means "not answered" and is left out of that question's denominator).
- **Effective sample size (Kish).** ``n_eff = (sum w)^2 / sum(w^2)``: unequal weights make a sample
  worth fewer respondents than it has.
- **95% interval.** Wilson score interval for ``p`` with ``n_eff`` in place of ``n`` and z = 1.96.
  It stays inside 0-100% and behaves at shares near 0 or 100%, where the normal (Wald) interval
  does not. It treats the survey as a weighted simple random sample: clustering and stratification
  are not modelled, so the true intervals of a clustered design are wider.
- **Differences** (female minus male; members of a vulnerable group minus the other respondents):
  Newcombe's hybrid score interval (method 10), which combines the two Wilson intervals:
  ``d - sqrt((p1 - l1)^2 + (u2 - p2)^2)`` to ``d + sqrt((u1 - p1)^2 + (p2 - l2)^2)``.
- **Suppression.** A cell answered by fewer than ``min_n`` respondents (unweighted; default 30, set
  per survey in its ``source.yaml``) is *suppressed*: no share and no interval is returned, only the
  status. A difference is suppressed when either side is. Missing is never zero: a breakdown with no
  respondents at all has no row ("no data").

Data: the ETL aggregates the respondent microdata once per build into ``survey_cells`` (per dataset,
economy, year, sex, and one breakdown ``dim``/``value`` at a time: the additive sums ``n``, ``sw``,
``sw2``, ``swy`` per question), aggregating in wide form per group *before* reshaping to one row per
question. Every view below sums those cells in DuckDB, so it answers in milliseconds whatever the
number of respondents. The same functions can instead read the respondent-level Parquet file
(``ParquetSource``), aggregating it on the fly for the one breakdown a view needs: that path serves
ad-hoc questions and the benchmark, and gives identical numbers (tested).

The package does not import Streamlit: queries go through a ``query(sql, params) -> DataFrame``
callable (``Warehouse.query`` in the dashboard, :func:`~indicators.topics.hygiene.stats.duckdb_query`
elsewhere). Its rooms:

- :mod:`~indicators.topics.hygiene.stats`: the constants of the method, the reference implementation in
  plain Python (the unit tests compare the SQL with it) and the ``Query`` callable;
- :mod:`~indicators.topics.hygiene.queries`: the SQL builders, the estimates (shares, gender and group
  gaps) and the survey metadata read from the warehouse;
- :mod:`~indicators.topics.hygiene.tables`: shares and gaps as text, display tables, the download and the
  text summaries;
- :mod:`~indicators.topics.hygiene.eurostat`: the Eurostat ICT-security rows (individuals, enterprises);
- :mod:`~indicators.topics.hygiene.inclusion`: the Inclusion pillar, the published hygiene figures and the
  context figures on online violence against women.

The figures (pure functions returning plotly figures) are in :mod:`indicators.render.hygiene_figures`.
"""
