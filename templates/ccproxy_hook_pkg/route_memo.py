"""The route Starlette's scan chose for each documented path, remembered (bench/README.md, "LiteLLM, slimmed").

Starlette tries LiteLLM's ~90 top-level routes in order on every request. /v1/messages comes last: its router is
loaded on the first request and appended, and LiteLLM's own hot-route hoisting only moves plain routes, not the
included routers FastAPI keeps them in. Each included router scans its own routes in turn, so reaching /v1/messages
cost ~1.1 ms of CPU per request on an idle core (py-spy: ~13 % of LiteLLM's busy time under load).

RouteMemo goes first in the table. For a documented path it scans once, remembers the route that fully matched
(none: it answers no match and the normal scan runs), and delegates to it. The memory is dropped whenever the
top-level table changes, where LiteLLM adds routes at run time, so the answer is the one the full scan would give.
"""

from starlette.routing import BaseRoute, Match

from .proxy_globals import proxy_global
from .routes import API_PATHS, COUNT_TOKENS_PATHS, OPEN_PATHS

MEMO_PATHS = API_PATHS | COUNT_TOKENS_PATHS | OPEN_PATHS
ROUTE_KEY = "ccproxy.memo_route"


class RouteMemo(BaseRoute):
    """First in the router's table: for MEMO_PATHS, the route the full scan chose, without scanning again."""

    def __init__(self, router, paths=MEMO_PATHS) -> None:
        self.router = router
        self.paths = paths
        self.table = None  # the route objects the memory was built from
        self.chosen = {}  # (method, path) -> route or None

    def matches(self, scope):
        if scope["type"] != "http" or scope.get("root_path") or scope["path"] not in self.paths:
            return Match.NONE, {}
        self.forget_if_changed()
        key = (scope["method"], scope["path"])
        if key not in self.chosen:
            self.chosen[key] = self.scan(scope)
        route = self.chosen[key]
        if route is None:
            return Match.NONE, {}
        match, child_scope = route.matches(scope)
        if match != Match.FULL:  # cannot happen for the same table; the normal scan then decides
            return Match.NONE, {}
        return Match.FULL, {**child_scope, ROUTE_KEY: route}

    async def handle(self, scope, receive, send) -> None:
        await scope.pop(ROUTE_KEY).handle(scope, receive, send)

    def scan(self, scope):
        """What Starlette's scan picks: the first other route that fully matches."""
        for route in self.router.routes:
            if route is not self and route.matches(scope)[0] == Match.FULL:
                return route
        return None

    def forget_if_changed(self) -> None:
        """A new table (LiteLLM adds routes at run time there: lazy features, pass-through endpoints) is scanned anew."""
        routes = self.router.routes
        table = self.table
        if table is None or len(table) != len(routes) or any(a is not b for a, b in zip(table, routes)):
            self.table = list(routes)
            self.chosen = {}


def remember_routes(app=None) -> bool:
    """Put a RouteMemo first in the proxy app's route table, once; False outside the proxy or when it has one."""
    if app is None:
        app = proxy_global("app")
    routes = getattr(getattr(app, "router", None), "routes", None)
    if not isinstance(routes, list) or any(isinstance(route, RouteMemo) for route in routes):
        return False
    routes.insert(0, RouteMemo(app.router))
    return True
