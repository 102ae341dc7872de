from pydantic import Field

from shared.runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    http_port: int = 8001
    lease_calendar_interval_s: float = Field(
        default=300.0, gt=0, description="How often expiry notices and lease ends are checked"
    )
    gauges_refresh_interval_s: float = Field(
        default=15.0,
        gt=0,
        description="How often the occupancy and overdue-notice gauges are refreshed",
    )
