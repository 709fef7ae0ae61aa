from pathlib import Path

FORECAST_DIR = Path("forecasts")
