#!/usr/bin/env python3
"""Cluster benchmark: the full-book tick with the book split over several instances.

ACCOUNTS accounts of the 10-position bench/margin-10.json portfolio (sizes and cash varied,
portfolio mode) are written straight into a fresh PostgreSQL database, INSTANCES release
`bulwark serve` processes share it (each holds its shards' accounts), and BTC moves by one
venue price posted to the first instance. Measured: from that post until every instance has
re-margined the accounts it holds at the new price (one account per instance is watched:
a re-margin applies its whole batch at once), the processes' resident memory, and failover:
the first instance is killed (-9) and the time until the others hold every shard is taken.
Prints one JSON line. Not a test: run it on a quiet machine.

    bench/cluster-bench.py [ACCOUNTS] [INSTANCES]
"""
import json, os, random, signal, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCOUNTS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
INSTANCES = int(sys.argv[2]) if len(sys.argv) > 2 else 3
LEASE = 5.0


def fnv(text):
    value = 0xcbf29ce484222325
    for byte in text.encode():
        value = ((value ^ byte) * 0x100000001b3) % 2**64
    return value


def call(port, method, path, body=None, timeout=60):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{method} {path}: {error.code} {error.read()[:300]}") from None


def resident_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


def main():
    subprocess.run(["swift", "build", "-c", "release", "--product", "bulwark"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.run([f"{ROOT}/scripts/postgres-server.sh"], check=True, capture_output=True, text=True).stdout.strip()
    database = f"cluster_bench_{os.getpid()}"
    subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {database}"], check=True)
    url = server.rsplit("/", 1)[0] + "/" + database
    data = tempfile.mkdtemp()
    processes = []

    def serve(index):
        config = {"oracle": {"enabled": False}, "auth": {"anonymous": "admin"}, "store": url, "instanceId": f"i{index}",
                  "prices": {"maxAge": 3600}, "monitor": {"intervalSeconds": 0.01}, "cluster": {"leaseSeconds": LEASE}}
        path = f"{data}/i{index}.json"
        json.dump(config, open(path, "w"))
        port = 18200 + index
        process = subprocess.Popen([f"{ROOT}/.build/release/bulwark", "serve", "--port", str(port), "--data-dir", f"{data}/i{index}",
                                    "--config", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                call(port, "GET", "/livez", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        return process, port

    try:
        # The schema from a first start, then the book written in one transaction.
        first, _ = serve(0)
        first.terminate()
        first.wait()
        template = json.load(open(f"{ROOT}/bench/margin-10.json"))
        generator = random.Random(7)
        rows = []
        for index in range(ACCOUNTS):
            scale = 0.25 + generator.randrange(1000) / 500
            positions = [dict(position, size=position["size"] * scale) for position in template["positions"]]
            document = {"cash": 100_000 + generator.randrange(400_000), "collateral": template.get("collateral", []),
                        "positions": positions, "mode": "portfolio"}
            rows.append(f"acct-{index}\t1\t{json.dumps(document)}\t0\n")
        subprocess.run(["psql", url, "-qc", "COPY account (id, version, document, updated_at) FROM STDIN"],
                              input="".join(rows), text=True, check=True)
        started = time.time()
        processes = [serve(index) for index in range(INSTANCES)]
        ports = [port for _, port in processes]
        spots = {"BTC": 90_000, "ETH": 3_100, "USDC": 1}
        call(ports[0], "PUT", "/v1/prices", {"prices": {asset: {"price": price} for asset, price in spots.items()}})

        def balanced():
            view = call(ports[0], "GET", "/v1/cluster")
            counts = [len(instance["shards"]) for instance in view["instances"]]
            return len(counts) == INSTANCES and not view["unowned"] and max(counts) - min(counts) <= 1, view

        while not balanced()[0]:
            time.sleep(0.5)
        view = balanced()[1]
        owner = {shard: instance["id"] for instance in view["instances"] for shard in instance["shards"]}
        # One watched account per instance: its health read through the first instance is the owner's.
        watched = {}
        for index in range(ACCOUNTS):
            watched.setdefault(owner[fnv(f"acct-{index}") % 64], f"acct-{index}")
            if len(watched) == INSTANCES:
                break

        def margined_at(price):
            return all(call(ports[0], "GET", f"/v1/accounts/{account}/health")["prices"].get("BTC") == price for account in watched.values())

        while not margined_at(90_000):
            time.sleep(0.2)
        ready = time.time() - started
        ticks = []
        for step in range(1, 6):
            price = 90_000 + 90 * step
            posted = time.time()
            call(ports[0], "PUT", "/v1/prices/BTC", {"price": price})
            while not margined_at(price):
                time.sleep(0.005)
            ticks.append(time.time() - posted)
            time.sleep(1)
        resident = [resident_mib(process.pid) for process, _ in processes]
        # Failover: the first instance dies; the others hold every shard again.
        processes[0][0].send_signal(signal.SIGKILL)
        killed = time.time()
        while True:
            view = call(ports[1], "GET", "/v1/cluster")
            if not view["unowned"] and all(instance["id"] != "i0" for instance in view["instances"]):
                break
            time.sleep(0.05)
        failover = time.time() - killed
        print(json.dumps({"benchmark": "cluster-tick", "accounts": ACCOUNTS, "positionsPerAccount": len(template["positions"]),
                          "instances": INSTANCES, "cores": os.cpu_count(), "startToMarginedSeconds": round(ready, 1),
                          "tickSeconds": [round(tick, 3) for tick in ticks], "bestTickSeconds": round(min(ticks), 3),
                          "residentMiB": resident, "leaseSeconds": LEASE, "failoverSeconds": round(failover, 2)}))
    finally:
        for process, _ in processes:
            process.kill()
        directory = subprocess.run(["psql", server, "-Atc", "SHOW data_directory"], capture_output=True, text=True).stdout.strip()
        binary = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
        stop = [f"/usr/lib/postgresql/{binary}/bin/pg_ctl", "-D", directory, "stop", "-m", "fast"]
        subprocess.run((["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []) + stop, stdout=subprocess.DEVNULL)


main()
