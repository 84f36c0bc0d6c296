"""Run one code sample of the garden offline: `python runner.py SAMPLE.py [--pytest]`.

The network is closed except loopback (connecting elsewhere or resolving another host name
raises), then the sample runs as `__main__`. When it leaves an `app` behind, the app is served
on a free loopback port and every route is called once: an ASGI app (FastAPI) with uvicorn,
HTTP routes must not answer 5xx and WebSocket routes must answer a message; a WSGI app with
wsgiref, `GET /` must answer 200. `--pytest` runs the sample's tests with pytest instead.
"""

from __future__ import annotations

import asyncio
import inspect
import ipaddress
import re
import runpy
import socket
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from typing import Any

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
PATH_PARAM_RE = re.compile(r"\{[^}]+\}")
PATH_VALUE = "Alice"


def is_loopback(host: object) -> bool:
    if host is None or (isinstance(host, str) and host.lower() in LOOPBACK_NAMES):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def close_network() -> None:
    """Every connection and name lookup beyond loopback fails, as on a machine offline."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guard(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            raise OSError(f"samples run offline: no connection to {address[0]}")

    def connect(self: socket.socket, address: Any) -> None:
        guard(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback(host.decode() if isinstance(host, bytes) else host):
            raise socket.gaierror(socket.EAI_NONAME, f"samples run offline: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


def is_asgi(app: object) -> bool:
    call = app if inspect.isfunction(app) else type(app).__call__
    return inspect.iscoroutinefunction(call)


def serve_asgi(app: Any) -> int:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise SystemExit("the app did not start under uvicorn")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        return drive_asgi(app, port)
    finally:
        server.should_exit = True
        thread.join(5)


def drive_asgi(app: Any, port: int) -> int:
    """Call every route of the app once; the number of routes called."""
    from starlette.routing import Route, WebSocketRoute

    called = 0
    for route in getattr(app, "routes", []):
        path = PATH_PARAM_RE.sub(PATH_VALUE, route.path)
        if isinstance(route, WebSocketRoute):
            asyncio.run(talk_websocket(f"ws://127.0.0.1:{port}{path}"))
        elif isinstance(route, Route) and "GET" in (route.methods or ()):
            status = http_status(f"http://127.0.0.1:{port}{path}")
            if status >= 500:
                raise SystemExit(f"GET {path} answered {status}")
            print(f"GET {path} -> {status}")
        else:
            continue
        called += 1
    return called


async def talk_websocket(url: str) -> None:
    import websockets

    async with websockets.connect(url, open_timeout=5) as connection:
        await connection.send("hello")
        answer = await asyncio.wait_for(connection.recv(), 5)
        print(f"{url} answered {answer!r}")


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def serve_wsgi(app: Callable[..., Any]) -> int:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    with make_server("127.0.0.1", 0, app, handler_class=Quiet) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        status = http_status(f"http://127.0.0.1:{server.server_port}/")
        server.shutdown()
    if status != 200:
        raise SystemExit(f"GET / answered {status}")
    print(f"GET / -> {status}")
    return 1


def main(argv: list[str]) -> int:
    path = argv[0]
    close_network()
    if "--pytest" in argv:
        import pytest

        return pytest.main(["-q", "-p", "no:cacheprovider", path])
    namespace = runpy.run_path(path, run_name="__main__")
    app = namespace.get("app")
    if app is None or not callable(app):
        return 0
    called = serve_asgi(app) if is_asgi(app) else serve_wsgi(app)
    print(f"served the sample's app and called {called} route(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
