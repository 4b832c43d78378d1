"""Stations, offices and served units; districts and the travel times between them."""
