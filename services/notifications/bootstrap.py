"""Composition root of the notifications service."""

from collections.abc import Callable
from datetime import timedelta

from fastapi import FastAPI
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.notifications import Channel
from contracts.topics import dead_letter_topic
from services.notifications.adapters.channels import MessageChannel
from services.notifications.adapters.channels.gateway import GatewayChannel
from services.notifications.adapters.channels.smtp import SmtpChannel
from services.notifications.adapters.channels.webhook import WebhookChannel
from services.notifications.adapters.delivery_metrics import DeliveryMetrics
from services.notifications.adapters.templates import MessageRenderer
from services.notifications.domain.delivery import BackoffPolicy, RateLimit
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.entrypoints.events import PROJECTIONS, subscriptions
from services.notifications.entrypoints.http import ROUTERS
from services.notifications.entrypoints.jobs import jobs
from services.notifications.service_layer.composing import Composer
from services.notifications.service_layer.sending import Sender
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from services.notifications.settings import Settings
from shared.runtime.app import create_service_app
from shared.runtime.blueprint import ServiceBlueprint


def channels(settings: Settings) -> dict[Channel, MessageChannel]:
    def gateway(channel: Channel) -> GatewayChannel:
        return GatewayChannel(
            channel,
            url=settings.gateway_url,
            token=settings.gateway_token.get_secret_value(),
            timeout_s=settings.gateway_timeout_s,
        )

    return {
        Channel.EMAIL: SmtpChannel(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_from,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value(),
            starttls=settings.smtp_starttls,
            timeout_s=settings.smtp_timeout_s,
        ),
        Channel.WHATSAPP: gateway(Channel.WHATSAPP),
        Channel.SMS: gateway(Channel.SMS),
        Channel.WEBHOOK: WebhookChannel(
            timeout_s=settings.webhook_timeout_s, targets=settings.webhook_targets()
        ),
    }


def sender(
    settings: Settings,
    metrics: DeliveryMetrics,
    via: dict[Channel, MessageChannel],
    unit_of_work: Callable[[AsyncEngine], NotificationsUnitOfWork] = NotificationsUnitOfWork,
) -> Sender:
    """The sender job's body; ``unit_of_work`` is the blueprint's, for its own transactions."""
    return Sender(
        channels=via,
        composer=Composer(MessageRenderer(), settings.staff_language),
        policy=BackoffPolicy(
            settings.delivery_max_attempts,
            settings.delivery_backoff_initial_s,
            settings.delivery_backoff_max_s,
        ),
        limits={
            Channel.EMAIL: RateLimit(settings.rate_limit_email_per_minute),
            Channel.WHATSAPP: RateLimit(settings.rate_limit_whatsapp_per_minute),
            Channel.SMS: RateLimit(settings.rate_limit_sms_per_minute),
            Channel.WEBHOOK: RateLimit(settings.rate_limit_webhook_per_minute),
        },
        quiet_hours=QuietHours(settings.quiet_hours_start, settings.quiet_hours_end),
        metrics=metrics,
        sending_lease=timedelta(seconds=settings.delivery_sending_lease_s),
        batch_size=settings.sender_batch_size,
        unit_of_work=unit_of_work,
    )


def blueprint(settings: Settings) -> ServiceBlueprint:
    registry = CollectorRegistry()
    unit_of_work = NotificationsUnitOfWork
    delivery = sender(settings, DeliveryMetrics(registry), channels(settings), unit_of_work)
    return ServiceBlueprint(
        name="notifications",
        title="BITC notifications",
        description="Turns what happens at BITC into messages to tenants and staff.",
        settings=settings,
        unit_of_work=unit_of_work,
        dead_letter_topic=dead_letter_topic("notifications"),
        routers=ROUTERS,
        subscriptions=subscriptions(settings),
        projections=PROJECTIONS,
        jobs=jobs(settings, delivery),
        registry=registry,
    )


def create_app(settings: Settings) -> FastAPI:
    app = create_service_app(blueprint(settings))
    app.state.webhook_targets = settings.webhook_targets()
    return app
