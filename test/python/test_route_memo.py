"""RouteMemo (route_memo.py): the route the full scan would choose, for the documented paths, without the scan."""

from fastapi import APIRouter, FastAPI
from starlette.routing import Match
from starlette.testclient import TestClient

from ccproxy_hook_pkg.route_memo import ROUTE_KEY, RouteMemo, remember_routes


def http_scope(app, path, method="POST"):
    return {"type": "http", "path": path, "method": method, "root_path": "", "headers": [], "query_string": b"", "app": app}


def full_scan(app, scope):
    """Starlette's own choice: the first route (other than the memo) that fully matches."""
    return next((r for r in app.router.routes if not isinstance(r, RouteMemo) and r.matches(dict(scope))[0] == Match.FULL), None)


def app_like_litellms():
    """Many routers ahead, the messages router included last, as LiteLLM's lazy loading leaves it."""
    app = FastAPI()
    for n in range(30):
        router = APIRouter()
        router.add_api_route(f"/admin{n}/{{item}}", lambda item: {"admin": item}, methods=["GET"])
        app.include_router(router)
    messages = APIRouter()
    messages.add_api_route("/v1/messages", lambda: {"served_by": "messages"}, methods=["POST"])
    app.include_router(messages)
    return app


def test_a_documented_path_is_served_by_the_route_the_full_scan_chooses():
    app = app_like_litellms()
    assert remember_routes(app) is True
    assert isinstance(app.router.routes[0], RouteMemo)
    scope = http_scope(app, "/v1/messages")
    match, child = app.router.routes[0].matches(dict(scope))
    assert match == Match.FULL and child[ROUTE_KEY] is full_scan(app, scope)
    with TestClient(app) as client:
        assert client.post("/v1/messages").json() == {"served_by": "messages"}
        assert client.post("/v1/messages").json() == {"served_by": "messages"}  # from memory this time


def test_other_paths_and_methods_get_the_normal_scan():
    app = app_like_litellms()
    remember_routes(app)
    memo = app.router.routes[0]
    assert memo.matches(http_scope(app, "/admin3/x", "GET"))[0] == Match.NONE
    assert memo.matches(http_scope(app, "/v1/messages", "GET"))[0] == Match.NONE
    with TestClient(app) as client:
        assert client.get("/admin3/x").json() == {"admin": "x"}
        assert client.get("/v1/messages").status_code == 405  # the scan's partial match, as without the memo
        assert client.post("/v1/chat/completions").status_code == 404


def test_a_route_added_ahead_later_wins_as_it_would_without_the_memo():
    app = app_like_litellms()
    remember_routes(app)
    with TestClient(app) as client:
        assert client.post("/v1/messages").json() == {"served_by": "messages"}
        earlier = APIRouter()
        earlier.add_api_route("/v1/messages", lambda: {"served_by": "earlier"}, methods=["POST"])
        app.include_router(earlier)
        app.router.routes[:] = [app.router.routes[0], app.router.routes[-1], *app.router.routes[1:-1]]  # in place, as LiteLLM reorders
        assert client.post("/v1/messages").json() == {"served_by": "earlier"}


def test_a_path_no_route_serves_yet_is_scanned_again_once_the_table_changes():
    app = FastAPI()
    remember_routes(app)
    memo = app.router.routes[0]
    assert memo.matches(http_scope(app, "/v1/messages"))[0] == Match.NONE
    late = APIRouter()
    late.add_api_route("/v1/messages", lambda: {"served_by": "late"}, methods=["POST"])
    app.include_router(late)  # LiteLLM's lazy feature loading, on the first request
    with TestClient(app) as client:
        assert client.post("/v1/messages").json() == {"served_by": "late"}


def test_installed_once_and_not_outside_the_proxy():
    app = FastAPI()
    assert remember_routes(app) is True
    assert remember_routes(app) is False
    assert sum(isinstance(r, RouteMemo) for r in app.router.routes) == 1
    assert remember_routes(object()) is False


def test_on_litellms_own_app_the_memo_agrees_with_the_scan_for_every_documented_path():
    import asyncio

    from litellm.proxy._lazy_features import LAZY_FEATURES, _force_load
    from litellm.proxy.proxy_server import app

    remember_routes(app)
    memo = next(r for r in app.router.routes if isinstance(r, RouteMemo))
    asyncio.run(_force_load(app, next(f for f in LAZY_FEATURES if f.name == "anthropic_passthrough")))
    served = 0
    for path in sorted(memo.paths):
        for method in ("POST", "GET"):
            scope = http_scope(app, path, method)
            match, child = memo.matches(dict(scope))
            want = full_scan(app, scope)
            assert child.get(ROUTE_KEY) is want, (method, path)
            served += want is not None
    assert memo.chosen[("POST", "/v1/messages")] is not None
    assert served >= 10
