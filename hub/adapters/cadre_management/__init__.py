"""The civil-servant HR software: CSV and XLSX exports dropped in a folder
(``../shared/formats/cadre-management.md``), their adapter and their simulator."""
