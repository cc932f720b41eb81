"""What leaves the dashboard: images that carry their own title and source, the data behind them, briefs."""
