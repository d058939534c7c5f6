"""Remind the responsible people of follow-up actions due within a week or overdue, and RAG
of agreements whose end date draws near."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kb.governance.actions import send_action_reminders
from kb.governance.agreements import send_renewal_reminders


class Command(BaseCommand):
    help = (
        "Sender påminnelse om oppfølgingspunkter med frist innen en uke eller som har forfalt, "
        "og om avtaler som snart utløper. Hver påminnelse sendes bare én gang."
    )

    def handle(self, *args, **options):
        sent, skipped = send_action_reminders()
        self.stdout.write(
            self.style.SUCCESS(
                f"Påminnelser sendt: {sent}. Allerede sendt eller uten mottaker: {skipped}."
            )
        )
        sent, skipped = send_renewal_reminders()
        days = ", ".join(str(d) for d in settings.AGREEMENT_REMINDER_DAYS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Påminnelser om avtaler som utløper (dager før: {days}): sendt {sent}, "
                f"allerede sendt eller uten mottaker {skipped}."
            )
        )
