"""Remind the responsible people of follow-up actions due within a week or overdue."""

from django.core.management.base import BaseCommand

from kb.governance.actions import send_action_reminders


class Command(BaseCommand):
    help = (
        "Sender påminnelse om oppfølgingspunkter med frist innen en uke eller som har forfalt. "
        "Hver påminnelse sendes bare én gang."
    )

    def handle(self, *args, **options):
        sent, skipped = send_action_reminders()
        self.stdout.write(
            self.style.SUCCESS(
                f"Påminnelser sendt: {sent}. Allerede sendt eller uten mottaker: {skipped}."
            )
        )
