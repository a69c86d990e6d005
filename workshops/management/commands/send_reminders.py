from django.core.management.base import BaseCommand

from workshops import notifications, services


class Command(BaseCommand):
    help = (
        "Promote the waitlists of events whose government quota has been released, queue the "
        "reminders that are due (by default a week and a day before an event, and 15 minutes "
        "before a webinar) for every seat, and a feedback request for every attendee of an "
        "event that ended within the last two weeks, then send every message that is due, "
        "retrying those that failed before. Safe to run as often as you like and from several "
        "servers at once: no message is sent twice. Run it from cron every 5 minutes, so that "
        "a 15-minute reminder goes out in its window."
    )

    def handle(self, *args, **options):
        promoted = services.fill_seats_after_quota_release()
        if promoted:
            self.stdout.write(f"{len(promoted)} people promoted now that a quota is released.")
        queued = notifications.queue_reminders()
        asked = notifications.queue_feedback_requests()
        sent, failed = notifications.send_pending_messages()
        self.stdout.write(f"{queued} reminders queued; {sent} messages sent, {failed} failed.")
        if asked:
            self.stdout.write(f"{asked} feedback requests queued after events that ended.")
        if failed:
            self.stderr.write(
                f"{failed} messages could not be sent; they are retried on the next run "
                f"(up to {notifications.MAX_ATTEMPTS} attempts). See the log for why."
            )
