"""File formats out: the year's workbook (XLSX) and chart (PNG), pure and run off the event loop."""
