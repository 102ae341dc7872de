"""Composition root of the notifications service."""

from datetime import timedelta

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from contracts.notifications import Channel
from contracts.tenancy import TenantContactChanged
from contracts.topics import BOOKING_EVENTS, TENANCY_CONTACTS, TENANCY_EVENTS, dead_letter_topic
from services.notifications.adapters.channels import MessageChannel
from services.notifications.adapters.channels.gateway import GatewayChannel
from services.notifications.adapters.channels.smtp import SmtpChannel
from services.notifications.adapters.channels.webhook import WebhookChannel
from services.notifications.adapters.delivery_metrics import DeliveryMetrics
from services.notifications.adapters.templates import MessageRenderer
from services.notifications.domain.delivery import BackoffPolicy, RateLimit
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.entrypoints import notifications_api, preferences_api, webhooks_api
from services.notifications.service_layer.composing import Composer
from services.notifications.service_layer.contacts import on_contact_changed, on_contact_erased
from services.notifications.service_layer.digests import StaffDigests
from services.notifications.service_layer.event_reactions import EventReactions
from services.notifications.service_layer.reminders import ReminderJob
from services.notifications.service_layer.sending import Sender
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from services.notifications.settings import Settings
from shared.audit.api import audit_router
from shared.messaging.subscriptions import Subscription
from shared.runtime.app import create_service_app
from shared.runtime.blueprint import ServiceBlueprint
from shared.runtime.periodic_jobs import PeriodicJob


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
    settings: Settings, metrics: DeliveryMetrics, via: dict[Channel, MessageChannel]
) -> Sender:
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
    )


def jobs(settings: Settings, delivery: Sender) -> list[PeriodicJob]:
    digests = StaffDigests(
        settings.staff_recipients, timedelta(seconds=settings.staff_digest_max_delay_s)
    )
    return [
        PeriodicJob("notifications.send", settings.sender_interval_s, delivery.run),
        PeriodicJob("notifications.reminders", 15.0, ReminderJob().run),
        # Looks often, so a digest goes out within seconds of when it is due.
        PeriodicJob("notifications.staff-requests-digest", 15.0, digests.requests),
        PeriodicJob("notifications.staff-lease-digest", 3600.0, digests.lease_expiries),
    ]


def subscriptions(settings: Settings) -> list[Subscription]:
    reactions = EventReactions(timedelta(seconds=settings.reminder_lead_s))
    return [
        Subscription(
            consumer="notifications.tenancy-events",
            topic=TENANCY_EVENTS,
            handlers=reactions.handlers(TENANCY_EVENTS),
        ),
        Subscription(
            consumer="notifications.booking-events",
            topic=BOOKING_EVENTS,
            handlers=reactions.handlers(BOOKING_EVENTS),
        ),
        Subscription(
            consumer="notifications.contacts",
            topic=TENANCY_CONTACTS,
            handlers={TenantContactChanged: on_contact_changed},
            on_tombstone=on_contact_erased,
        ),
    ]


def create_app(settings: Settings) -> FastAPI:
    registry = CollectorRegistry()
    metrics = DeliveryMetrics(registry)
    app = create_service_app(
        ServiceBlueprint(
            name="notifications",
            title="BITC notifications",
            description="Turns what happens at BITC into messages to tenants and staff.",
            settings=settings,
            unit_of_work=NotificationsUnitOfWork,
            dead_letter_topic=dead_letter_topic("notifications"),
            routers=[
                notifications_api.router,
                preferences_api.router,
                webhooks_api.router,
                audit_router(),
            ],
            subscriptions=subscriptions(settings),
            jobs=jobs(settings, sender(settings, metrics, channels(settings))),
            registry=registry,
        )
    )
    app.state.webhook_targets = settings.webhook_targets()
    return app
