"""The Grafana JSON of each panel kind: field config (unit, scale) and display options."""

from typing import Any

from boards.model import Panel


def _timeseries(panel: Panel) -> dict[str, Any]:
    return {
        "type": "timeseries",
        "fieldConfig": {
            "defaults": {
                "unit": panel.unit,
                # Every series here is a rate, a count, a ratio or a duration: never negative,
                # and a y axis starting at 0 keeps small blips from looking like incidents.
                "min": 0,
                "color": {"mode": "palette-classic"},
                "custom": {
                    "drawStyle": "line",
                    "lineWidth": 1,
                    "fillOpacity": 10,
                    "showPoints": "never",
                    "spanNulls": False,
                },
            },
            "overrides": [],
        },
        "options": {
            "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
            "tooltip": {"mode": "multi", "sort": "desc"},
        },
    }


def _up_stat(panel: Panel) -> dict[str, Any]:
    return {
        "type": "stat",
        "fieldConfig": {
            "defaults": {
                "unit": panel.unit,
                "mappings": [
                    {
                        "type": "value",
                        "options": {
                            "0": {"index": 0, "text": "DOWN", "color": "red"},
                            "1": {"index": 1, "text": "UP", "color": "green"},
                        },
                    }
                ],
                "thresholds": {
                    "mode": "absolute",
                    "steps": [{"color": "red", "value": None}, {"color": "green", "value": 1}],
                },
                "color": {"mode": "thresholds"},
            },
            "overrides": [],
        },
        "options": {
            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "value_and_name",
            "orientation": "auto",
            "justifyMode": "auto",
        },
    }


RENDERERS = {"timeseries": _timeseries, "stat": _up_stat}
