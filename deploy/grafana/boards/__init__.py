"""BITC Grafana dashboards as code; deploy/grafana/generate_dashboards.py writes them as JSON."""
