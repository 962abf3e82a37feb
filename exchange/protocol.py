"""The W3C Web Annotation Protocol: each piece is an annotation container, each gloss an
annotation resource.

Reading is open (published glosses only). Writing — POST to a piece's container, PUT and
DELETE on a gloss — needs ``Authorization: Bearer <personal API token>`` of an editor; a
session cookie is never enough (these views are exempt from CSRF precisely because they
accept no cookie authentication for writes). PUT and DELETE need ``If-Match`` with the
gloss's current ETag: the same no-lost-update rule as the page (412 when stale).
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from annotations.models import Gloss, StaleEdit
from annotations.roles import can_edit
from catalogue.models import Piece

from . import importing, wadm
from .models import ApiToken

LDP = "http://www.w3.org/ns/ldp#"
CONTAINER_LINKS = (f'<{LDP}BasicContainer>; rel="type", '
                   f'<http://www.w3.org/TR/annotation-protocol/>; rel="{LDP}constrainedBy"')
RESOURCE_LINK = f'<{LDP}Resource>; rel="type"'
CONTAINER_ALLOW = "GET, HEAD, OPTIONS, POST"
RESOURCE_ALLOW = "GET, HEAD, OPTIONS, PUT, DELETE"
PREFER_MINIMAL = f"{LDP}PreferMinimalContainer"
PREFER_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs"
PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions"
JSON_TYPES = ("application/ld+json", "application/json")


def problem(status: int, detail: str, **headers) -> HttpResponse:
    response = HttpResponse(json.dumps({"detail": detail}), status=status, content_type="application/json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def token_user(request: HttpRequest):
    """The user of the request's bearer token; None when there is none or it is not valid."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return ApiToken.user_for(token.strip())


def _writer(request: HttpRequest):
    """(user, None) for an editor's valid token, else (None, the 401/403 response)."""
    if not request.headers.get("Authorization"):
        return None, problem(401, "Writing needs a personal API token: Authorization: Bearer <token>.",
                             WWW_Authenticate='Bearer realm="glossa"')
    user = token_user(request)
    if user is None:
        return None, problem(401, "This token is not valid or has been revoked.",
                             WWW_Authenticate='Bearer realm="glossa", error="invalid_token"')
    if not can_edit(user):
        return None, problem(403, "Only editors may write glosses.")
    return user, None


def _annotation_from_body(request: HttpRequest) -> tuple[dict | None, HttpResponse | None]:
    content_type = request.content_type or ""
    if content_type not in JSON_TYPES:
        return None, problem(415, "Send the annotation as application/ld+json.", Accept_Post=wadm.ANNO_TYPE)
    length = int(request.headers.get("Content-Length") or 0)
    if length > importing.MAX_BYTES:
        return None, problem(413, f"At most {importing.MAX_BYTES:,} bytes.")
    try:
        items = importing.load(request.body)
    except importing.AnnotationFileError as error:
        return None, problem(400, str(error))
    if len(items) != 1:
        return None, problem(400, "Send one annotation at a time (import a file for more).")
    return items[0], None


def gloss_etag(gloss: Gloss) -> str:
    """Changes with every version of the gloss and every change of its piece's text."""
    return f'"g{gloss.pk}-v{gloss.version}-t{gloss.piece.content_version}"'


def _load(pk: int, *, include_drafts: bool) -> Gloss | None:
    queryset = Gloss.objects.filter(pk=pk)
    queryset = queryset.shown(include_drafts=True) if include_drafts else queryset
    return wadm.published_glosses(queryset).first() if not include_drafts else (
        queryset.select_related("created_by", "piece").prefetch_related("anchors", "concepts").first())


def _resource(request: HttpRequest, gloss: Gloss, *, status: int = 200) -> HttpResponse:
    text = wadm.texts_for([gloss])[gloss.piece_id]
    body = json.dumps(wadm.annotation(gloss, text, request.build_absolute_uri), ensure_ascii=False, indent=2)
    response = HttpResponse(body, status=status, content_type=wadm.ANNO_TYPE)
    response["ETag"] = gloss_etag(gloss)
    response["Link"] = RESOURCE_LINK
    response["Allow"] = RESOURCE_ALLOW
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Accept"])
    return response


def _options(allow: str, links: str) -> HttpResponse:
    response = HttpResponse(status=200)
    response["Allow"] = allow
    response["Link"] = links
    if "POST" in allow:
        response["Accept-Post"] = wadm.ANNO_TYPE
    return response


def _prefer(request: HttpRequest) -> str:
    """Which representation of the container the client asked for (Prefer header)."""
    prefer = request.headers.get("Prefer", "")
    if "return=representation" not in prefer.replace(" ", ""):
        return PREFER_DESCRIPTIONS
    for choice in (PREFER_MINIMAL, PREFER_IRIS, PREFER_DESCRIPTIONS):
        if choice in prefer:
            return choice
    return PREFER_DESCRIPTIONS


@csrf_exempt  # writes need a bearer token, never a cookie (see the module's docstring)
def container(request: HttpRequest, slug: str) -> HttpResponse:
    """/pieces/<slug>/annotations/: the piece's annotations (GET/HEAD/OPTIONS), or a new one (POST)."""
    from .views import jsonld

    piece = get_object_or_404(Piece, slug=slug)
    if request.method == "OPTIONS":
        return _options(CONTAINER_ALLOW, CONTAINER_LINKS)
    if request.method == "POST":
        return _create(request, piece)
    if request.method not in ("GET", "HEAD"):
        return problem(405, f"{request.method} is not allowed here.", Allow=CONTAINER_ALLOW)
    number = request.GET.get("page")
    if number is not None:
        if not number.isdigit():
            return problem(400, "The page number must be a whole number from 1.")
        data = wadm.page(piece, int(number), request.build_absolute_uri)
        if data is None:
            raise Http404("No such page of annotations.")
        return jsonld(request, data, vary_accept=True)
    prefer = _prefer(request)
    data = wadm.collection(piece, request.build_absolute_uri, embed_first=prefer != PREFER_MINIMAL)
    if prefer == PREFER_IRIS and isinstance(data.get("first"), dict):
        data["first"]["items"] = [item["id"] for item in data["first"]["items"]]
    response = jsonld(request, data, vary_accept=True)
    response["Link"] = CONTAINER_LINKS
    response["Allow"] = CONTAINER_ALLOW
    response["Accept-Post"] = wadm.ANNO_TYPE
    patch_vary_headers(response, ["Prefer"])
    if "Prefer" in request.headers:
        response["Preference-Applied"] = "return=representation"
    return response


def _create(request: HttpRequest, piece: Piece) -> HttpResponse:
    user, refused = _writer(request)
    if refused:
        return refused
    annotation, refused = _annotation_from_body(request)
    if refused:
        return refused
    [planned] = importing.plan(piece, [annotation])
    if not planned.ok:
        return problem(400, planned.error)
    if planned.orphans or planned.lost:
        return problem(400, importing.not_found(planned))
    [gloss] = importing.apply(piece, [planned], user=user, status="published")
    gloss = _load(gloss.pk, include_drafts=True)
    response = _resource(request, gloss, status=201)
    response["Location"] = request.build_absolute_uri(wadm.gloss_url(gloss.pk))
    return response


@csrf_exempt
def resource(request: HttpRequest, pk: int) -> HttpResponse:
    """/glosses/<id>/: the annotation (GET by Accept, else its place on the page), PUT, DELETE."""
    from .views import gloss as gloss_page

    if request.method in ("GET", "HEAD"):
        return gloss_page(request, pk)
    if request.method == "OPTIONS":
        return _options(RESOURCE_ALLOW, RESOURCE_LINK)
    if request.method not in ("PUT", "DELETE"):
        return problem(405, f"{request.method} is not allowed here.", Allow=RESOURCE_ALLOW)
    user, refused = _writer(request)
    if refused:
        return refused
    gloss = _load(pk, include_drafts=True)
    if gloss is None:
        return problem(404, "No such gloss.")
    if_match = request.headers.get("If-Match", "")
    if not if_match:
        return problem(428, "Send If-Match with the gloss's ETag, so nobody's newer version is overwritten.")
    if if_match.strip() != "*" and gloss_etag(gloss) not in [tag.strip().removeprefix("W/") for tag in if_match.split(",")]:
        return problem(412, "The gloss changed since you read it: get it again and reapply your change.",
                       ETag=gloss_etag(gloss))
    if request.method == "DELETE":
        gloss.soft_delete(user=user)  # soft: its history keeps it, and it can be restored
        return HttpResponse(status=204)
    annotation, refused = _annotation_from_body(request)
    if refused:
        return refused
    [planned] = importing.plan(gloss.piece, [annotation])
    if not planned.ok:
        return problem(400, planned.error)
    if planned.orphans or planned.lost:
        return problem(400, importing.not_found(planned))
    try:
        gloss.revise(user=user, based_on=gloss.version, reason="Edited", body=planned.body, heading=planned.heading,
                     concepts=planned.concepts, places=planned.places)
    except StaleEdit as stale:
        return problem(412, "The gloss changed since you read it.", ETag=gloss_etag(stale.current))
    return _resource(request, _load(pk, include_drafts=True))
