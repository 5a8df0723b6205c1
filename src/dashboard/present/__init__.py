"""Views leaving the dashboard: decks, images and the files behind them (REDESIGN §3)."""
