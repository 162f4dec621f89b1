"""Reading CSV and XLSX files: encodings, delimiters, sheets and cell normalisation."""
