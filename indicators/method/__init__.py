"""The method: normalisation, pillar scores, the comparison rule, gaps, rank bands, comparisons, trends and what changed between builds."""
