"""Who is an editor. Kept apart from permissions.py so the models can ask without importing the
access checks (which import the models): the one place the role is decided.

An editor is an active user who is a superuser or holds the permission to change glosses,
given to them or to one of their groups (the Editors group, see permissions.py): what
``user.has_perm("annotations.change_gloss")`` answers, asked here as one SQL subquery
(``holds_editor_permission``) instead of Django's two queries for the user's and the groups'
permissions. It is asked on every signed-in request, so the user is loaded with it: see
``user_with_role`` and config/signin.py.
"""

from __future__ import annotations

from functools import lru_cache

EDITOR_PERMISSION = ("annotations", "change_gloss")  # app label, codename
# Where the answer is kept on a user object, for the rest of the request (as Django keeps
# has_perm's answers in user._perm_cache): set when the user is loaded, or on first asking.
ROLE_ATTRIBUTE = "holds_editor_permission"


def can_edit(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    held = getattr(user, ROLE_ATTRIBUTE, None)
    if held is None:  # a user not loaded by user_with_role (an API token's, a test's)
        from django.contrib.auth import get_user_model

        held = get_user_model()._default_manager.filter(pk=user.pk).filter(holds_editor_permission()).exists()
        setattr(user, ROLE_ATTRIBUTE, held)
    return bool(held)


def holds_editor_permission():
    """The rule as an expression on a user row: the permission is the user's own or a group's."""
    from django.contrib.auth.models import Permission
    from django.db.models import Exists, OuterRef, Q

    app_label, codename = EDITOR_PERMISSION
    return Exists(Permission.objects.filter(content_type__app_label=app_label, codename=codename)
                  .filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))))


def user_with_role(user_id):
    """The user with this id, with ``holds_editor_permission`` loaded in the same query; None if
    there is no such user.

    Signing in runs this on every request. Building the query through the ORM costs ~0.8 ms
    of CPU, ten times running it, so it is compiled once per database connection
    (config/compiled.py) and run with the id put in. What it reads is read anew on every
    request, so a user deactivated or taken out of the Editors group is refused on their next
    request, in every process.
    """
    from django.contrib.auth import get_user_model
    from django.db import router

    model = get_user_model()
    pk = model._meta.pk
    rows = _user_query(model).rows(pk.get_prep_value(pk.to_python(user_id)))
    if not rows:
        return None
    attnames = [field.attname for field in model._meta.concrete_fields]
    *values, held = rows[0]
    if len(values) != len(attnames):  # a user model this code does not know
        raise RuntimeError("The signed-in user's query does not give the user's fields.")
    user = model.from_db(router.db_for_read(model), attnames, values)
    setattr(user, ROLE_ATTRIBUTE, bool(held))
    return user


@lru_cache(maxsize=None)
def _user_query(model):
    from config.compiled import CompiledQuery

    return CompiledQuery(model, lambda user_id: (
        model._default_manager.annotate(**{ROLE_ATTRIBUTE: holds_editor_permission()}).filter(pk=user_id)))
