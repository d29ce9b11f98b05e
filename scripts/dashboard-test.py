#!/usr/bin/env python3
"""Drives the dashboard in headless Chromium over the DevTools protocol against a live server
(docs/DASHBOARD.md): the book lists accounts in ratio order, a posted price changes a row's
status without a reload, the heatmap has one cell per scenario, and with a key required and
none given the page asks for one. Needs `chromium` (Debian's package) and a server whose
anonymous role is `reader`, with a token for writes in BULWARK_TOKEN.
  scripts/dashboard-test.py BASE_URL [--screenshots DIR]"""
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

base = sys.argv[1]
shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
token = os.environ.get("BULWARK_TOKEN", "")


def call(method, path, body=None, key=token):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("Authorization", "Bearer " + key)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


class DevTools:
    """The protocol over a websocket, written out: Python's standard library has no client."""

    def __init__(self, port):
        for _ in range(100):
            try:
                targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list").read())
                page = next(t for t in targets if t["type"] == "page")
                break
            except Exception:
                time.sleep(0.1)
        else:
            raise SystemExit("chromium's DevTools never answered")
        host, path = page["webSocketDebuggerUrl"][len("ws://"):].split("/", 1)
        self.socket = socket.create_connection((host.split(":")[0], int(host.split(":")[1])))
        key = base64.b64encode(os.urandom(16)).decode()
        self.socket.sendall(f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        handshake = b""
        while b"\r\n\r\n" not in handshake:
            handshake += self.socket.recv(1)
        self.next = 0

    def send(self, method, **params):
        self.next += 1
        payload = json.dumps({"id": self.next, "method": method, "params": params}).encode()
        header = bytes([0x81]) + (bytes([0x80 | len(payload)]) if len(payload) < 126 else bytes([0x80 | 126]) + len(payload).to_bytes(2, "big"))
        mask = os.urandom(4)
        self.socket.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        while True:
            message = json.loads(self.receive())
            if message.get("id") == self.next:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result", {})

    def receive(self):
        def exactly(n):
            data = b""
            while len(data) < n:
                data += self.socket.recv(n - len(data))
            return data
        chunks = b""
        while True:
            first, second = exactly(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(exactly(2), "big")
            elif length == 127:
                length = int.from_bytes(exactly(8), "big")
            chunks += exactly(length)
            if first & 0x80:
                return chunks.decode()

    def evaluate(self, expression):
        return self.send("Runtime.evaluate", expression=expression, returnByValue=True).get("result", {}).get("value")

    def wait(self, expression, timeout=15):
        end = time.time() + timeout
        while time.time() < end:
            if self.evaluate(expression):
                return True
            time.sleep(0.2)
        return False


def chromium(port):
    profile = tempfile.mkdtemp(prefix="bulwark-chromium-")
    return subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--remote-debugging-port={port}",
                             f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


# The book the checks read: one account near its line, one far from it.
call("PUT", "/v1/prices", {"prices": {"BTC": {"price": 90000}, "USDC": {"price": 1}}})
call("PUT", "/v1/accounts/dash-near", {"cash": 30000, "mode": "isolated", "positions": [{"instrument": "BTC-PERPETUAL", "size": 10, "entryPrice": 90000}]})
call("PUT", "/v1/accounts/dash-far", {"cash": 50000, "positions": [{"instrument": "BTC-26MAR27-100000-C", "size": -1, "markIv": 0.55}]})
time.sleep(1)

browser = chromium(9333)
try:
    tools = DevTools(9333)
    tools.send("Page.enable")
    tools.send("Page.navigate", url=base + "/dashboard#/")
    check(tools.wait("document.querySelectorAll('#book tbody tr').length >= 2"), "the book lists the stored accounts")
    ratios = tools.evaluate("[...document.querySelectorAll('#book tbody tr')].map(r => Number(r.children[2].textContent.replace(/,/g, '')))")
    check(ratios == sorted(ratios), f"riskiest first (margin ratios {ratios})")
    check(tools.wait("document.getElementById('stream-status').textContent.startsWith('live')"), "the page follows the event stream")
    if shots:
        tools.wait("document.querySelector('tr[data-account=\"dash-near\"] .distance').textContent !== ''")
        with open(os.path.join(shots, "dashboard-book.png"), "wb") as f:
            f.write(base64.b64decode(tools.send("Page.captureScreenshot", format="png")["data"]))
    near = "document.querySelector('tr[data-account=\"dash-near\"]')"
    check(tools.evaluate(near + ".className") == "status-warning", "the account near its line shows warning")
    call("PUT", "/v1/prices/BTC", {"price": 87500})
    check(tools.wait(near + " && " + near + ".className === 'status-liquidatable'"), "a posted price turns its row liquidatable without a reload")
    check(tools.evaluate("performance.getEntriesByType('navigation').length") == 1, "the page was not reloaded")

    tools.send("Page.navigate", url=base + "/dashboard#/accounts/dash-far")
    check(tools.wait("document.querySelectorAll('td[data-scenario]').length > 0"), "the account view draws its heatmap")
    cells = tools.evaluate("document.querySelectorAll('td[data-scenario]').length")
    scenarios = sum(len(u["scenarios"]) for u in call("POST", "/v1/scenarios", {"cash": 50000, "positions": [
        {"instrument": "BTC-26MAR27-100000-C", "size": -1, "markIv": 0.55}]})["underlyings"])
    check(cells == scenarios, f"one cell per scenario ({cells} cells, {scenarios} scenarios)")
    check(tools.evaluate("document.querySelectorAll('td[data-scenario].worst').length") == 1, "the worst scenario is marked")
    if shots:
        with open(os.path.join(shots, "dashboard-account.png"), "wb") as f:
            f.write(base64.b64decode(tools.send("Page.captureScreenshot", format="png")["data"]))
        tools.send("Page.navigate", url=base + "/dashboard#/venue")
        tools.wait("document.getElementById('view').dataset.rendered === '#/venue'")
        with open(os.path.join(shots, "dashboard-venue.png"), "wb") as f:
            f.write(base64.b64decode(tools.send("Page.captureScreenshot", format="png")["data"]))
finally:
    browser.kill()

# With a key required and none given, the page asks for one.
if "--keyed" in sys.argv:
    keyed = sys.argv[sys.argv.index("--keyed") + 1]
    browser = chromium(9334)
    try:
        tools = DevTools(9334)
        tools.send("Page.navigate", url=keyed + "/dashboard")
        check(tools.wait("!document.getElementById('token-form').hidden"), "with a key required the page asks for one")
    finally:
        browser.kill()

print(f"dashboard: {len(failures)} failed")
sys.exit(1 if failures else 0)
