"""The cadastral database: XML change batches of land parcels dropped in a folder
(``../shared/formats/land-records.md``), their adapter and their simulator."""
