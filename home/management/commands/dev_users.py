"""Create the development users (a superuser and one user per role) and say how to log in."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from kb import groups

# Development only: fixed, well-known passwords. Refused when DEBUG is off.
DEV_PASSWORD = "alor-demo"  # noqa: S105
HOST_CITY = "Stavanger"
DEV_USERS = [
    ("admin", None, "superbruker"),
    ("redaktor", groups.EDITORS, "redaktør for hele nettstedet"),
    ("vert", groups.NETWORK_HOSTS, "hoveddrifter, redigerer nettverket i Stavanger"),
    ("rag", groups.RAG, "medlem av RAG (ser RAG-området)"),
    ("akan", groups.PARTNERS, "partner (Akan), gir innspill"),
    ("leder", groups.LEADERS, "ledergruppen K7, godkjenner"),
]


class Command(BaseCommand):
    help = "Oppretter utviklingsbrukere (kun med DEBUG på) og skriver ut hvordan man logger inn."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://localhost:8000")
        parser.add_argument(
            "--quiet", action="store_true", help="Opprett brukerne uten å skrive ut innloggingen."
        )

    def handle(self, *args, base_url, quiet=False, **options):
        if not settings.DEBUG:
            raise CommandError("dev_users kjøres bare i utvikling (DEBUG=1).")
        User = get_user_model()
        created = 0
        for username, group_name, _role in DEV_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, email=f"{username}@alor.invalid")
                user.set_password(DEV_PASSWORD)
                created += 1
            user.is_staff = user.is_superuser = group_name is None
            user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            if group_name == groups.NETWORK_HOSTS:
                # The host of one network edits its pages: the network's host group gets its
                # page rights when the network page is created (kb.signal_handlers).
                own, _created = Group.objects.get_or_create(
                    name=groups.network_host_group_name(HOST_CITY)
                )
                user.groups.add(own)
        if quiet:
            return
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Nettstedet:  {base_url}/"))
        self.stdout.write(self.style.SUCCESS(f"Admin:       {base_url}/admin/"))
        self.stdout.write(f"Passord for alle utviklingsbrukere: {DEV_PASSWORD}")
        for username, _group, role in DEV_USERS:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write(f"({created} nye brukere opprettet)")
