from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from connectmobilize.demo import DEMO_API_TOKEN, load_demo
from programs.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Load the demo program and demo users (known passwords: for local use only)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Re-create the demo program from scratch.")
        parser.add_argument(
            "--allow-production", action="store_true", help="Load even with DEBUG off (the passwords are public)."
        )

    def handle(self, *args, reset=False, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to create demo users with public passwords while DEBUG is off.")
        try:
            program, created = load_demo(reset=reset)
        except ProtectedError:
            raise CommandError(
                "The demo program has go-live sign-offs, which are kept for good and cannot be deleted. "
                "Rename the demo program in /admin/ and run seed_demo again for a fresh one."
            ) from None
        verb = "loaded" if created else "already there (use --reset to start it again)"
        self.stdout.write(self.style.SUCCESS(f"Demo program {verb}: {program.name}"))
        self.stdout.write(f"Sign in at http://127.0.0.1:8000/ with password {DEMO_PASSWORD!r} as:")
        for username, first, last, access in DEMO_USERS:
            self.stdout.write(f"  {username:8} {first} {last} ({access.label})")
        self.stdout.write("  admin    staff superuser for /admin/")
        self.stdout.write(f"API token of maria (REST API, see README): {DEMO_API_TOKEN}")
        self.stdout.write(f"  curl -H 'Authorization: Bearer {DEMO_API_TOKEN}' http://127.0.0.1:8000/api/v1/programs/")
