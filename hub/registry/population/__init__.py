"""The demo population: a seeded synthetic population and its loading through ingestion."""
