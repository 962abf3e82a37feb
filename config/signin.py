"""Signing a request in, in two cheap queries: the session row, then the user with their editor
role (annotations/roles.py). Both are read from the database on every request, as Django's own
backends do, so signing out, a deactivated account or a user taken out of the Editors group
takes effect on the next request in every worker and on every machine; what is saved is the
cost of building the same queries through the ORM on every request (~1.5 ms of CPU, most of
an editor's page view once the page itself is cached).

``SignInBackend`` is settings.AUTHENTICATION_BACKENDS' ModelBackend: passwords and
permissions as Django checks them; only loading the signed-in user differs. This module is
also the session engine (settings.SESSION_ENGINE) when the cache is not shared.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from annotations.roles import user_with_role


class SignInBackend(ModelBackend):
    def get_user(self, user_id):
        user = user_with_role(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class SessionStore(db.SessionStore):
    """Django's database sessions; a session is read with one plain SELECT of its data.

    Writing, expiry and clearing are Django's. The SQL is what the ORM builds for
    ``Session.objects.get(session_key=…, expire_date__gt=now)``, written out once.
    """

    def load(self):
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        quote = connection.ops.quote_name
        expire_date = model._meta.get_field("expire_date")
        sql = (f"SELECT {quote(model._meta.get_field('session_data').column)} FROM {quote(model._meta.db_table)} "
               f"WHERE {quote(model._meta.pk.column)} = %s AND {quote(expire_date.column)} > %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, expire_date.get_db_prep_value(timezone.now(), connection)])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: a new key is made if anything is saved
            return {}
        return self.decode(row[0])
