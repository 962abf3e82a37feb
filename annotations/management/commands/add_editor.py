import getpass

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations.permissions import ensure_editors_group


class Command(BaseCommand):
    help = "Create an editor (or make an existing user one): a member of the Editors group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", help="Default: asked for on the terminal")

    def handle(self, username, password=None, **options):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username)
        if created or password:
            password = password or self._ask_password(user)
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                if created:
                    user.delete()
                raise CommandError(" ".join(error.messages)) from error
            user.set_password(password)
            user.save()
        user.groups.add(ensure_editors_group())
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} editor {username!r}. Sign in at http://127.0.0.1:8000/accounts/login/")

    def _ask_password(self, user) -> str:
        first = getpass.getpass(f"Password for {user.username}: ")
        if first != getpass.getpass("Again: "):
            raise CommandError("The passwords did not match.")
        return first
