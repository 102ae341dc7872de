"""Dashboards rendered to the JSON Grafana provisions from files: panels laid out on the grid."""

from typing import Any

from boards.model import DATASOURCE, GRID_WIDTH, Panel, Query
from boards.renderers import RENDERERS


def _targets(queries: tuple[Query, ...]) -> list[dict[str, Any]]:
    return [
        {
            "refId": chr(ord("A") + index),
            "datasource": DATASOURCE,
            "expr": query.expr,
            "legendFormat": query.legend,
            "range": True,
            "instant": False,
        }
        for index, query in enumerate(queries)
    ]


def _layout(panels: list[Panel]) -> list[dict[str, Any]]:
    """Panels flow left to right, wrapping to a new row when the grid is full."""
    rendered: list[dict[str, Any]] = []
    x = y = row_height = 0
    for panel_id, panel in enumerate(panels, start=1):
        if x + panel.width > GRID_WIDTH:
            x, y, row_height = 0, y + row_height, 0
        body = RENDERERS[panel.kind](panel)
        rendered.append(
            {
                "id": panel_id,
                "title": panel.title,
                "description": panel.description,
                "datasource": DATASOURCE,
                "gridPos": {"h": panel.height, "w": panel.width, "x": x, "y": y},
                **body,
                "targets": _targets(panel.queries),
            }
        )
        x += panel.width
        row_height = max(row_height, panel.height)
    return rendered


def dashboard(uid: str, title: str, description: str, panels: list[Panel]) -> dict[str, Any]:
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["bitc"],
        "editable": False,
        "graphTooltip": 1,
        "refresh": "30s",
        "schemaVersion": 39,
        "version": 1,
        "time": {"from": "now-1h", "to": "now"},
        "timepicker": {},
        "timezone": "browser",
        "annotations": {"list": []},
        "templating": {"list": []},
        "links": [],
        "panels": _layout(panels),
    }
