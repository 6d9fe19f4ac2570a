"""Domain services: plain functions over models. They flush; routes and CLI commands commit."""
