"""What the booking HTTP API answers about calendar feeds besides the feeds themselves."""

from pydantic import BaseModel, Field


class FeedLinkOut(BaseModel):
    url: str = Field(description="Subscribe to it in a calendar app; whoever has it reads it")
