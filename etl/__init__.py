"""ETL: data/raw -> validated tidy tables -> DuckDB + Parquet warehouse. Never imports Streamlit."""
