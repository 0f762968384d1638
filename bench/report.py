"""Turns target/bench/results.jsonl (bench/run) into the Markdown table of docs/benchmarks.md:
each scenario's figures, and for those with a pgbench script of their SQL, the pgbench rate and
the ratio API/pgbench."""
import datetime
import json
import sys

# Save and submit: the highest rate and the ratio in closed loop (each client sends again as soon
# as it has its answer), the p99 with 1,000 requests a second offered (open loop, `--rate`): in
# closed loop the latency is only the clients' count over the rate (Little's law).
TARGETS = {
    "save": "≥ 1,000/s, ratio ≥ 0.7",
    "submit": "≥ 1,000/s, ratio ≥ 0.7",
    "save at 1,000/s offered": "p99 ≤ 50 ms",
    "submit at 1,000/s offered": "p99 ≤ 50 ms",
    "get": "≥ 5,000/s",
    "mine": "≥ 5,000/s",
    "summary": "p95 ≤ 100 ms",
    "publish": "≤ 2 s",
    "signin": "others keep their latency",
}

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
pgbench = {r["pgbench"]: r["tps"] for r in rows if "pgbench" in r}
runs = [r for r in rows if "scenario" in r]
print(f"Run of {datetime.date.today()}, commit {sys.argv[2]}.\n")
print("| scenario | clients | requests | req/s | p50 ms | p95 ms | p99 ms | API CPU ms/req | PG CPU ms/req | loadgen CPU ms/req | API peak MB | pgbench tps | API/pgbench | target |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in runs:
    name = r["scenario"]
    tps = pgbench.get(name)
    if r.get("offered_rps"):
        # Paced below its highest rate: no ratio to pgbench's.
        tps = None
        name = f"{name} at {r['offered_rps']:,.0f}/s offered"
    if r.get("label"):
        name = r["label"]
    ratio = f"{r['rps'] / tps:.2f}" if tps else ""
    errors = {k: v for k, v in r["statuses"].items() if k not in ("200", "201")}
    note = f" (errors {errors})" if errors else ""
    print(f"| {name}{note} | {r['clients']} | {r['requests']} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} "
          f"| {r['api_cpu_ms_per_request']:.2f} | {r['pg_cpu_ms_per_request']:.2f} | {r.get('loadgen_cpu_ms_per_request', 0):.2f} "
          f"| {r.get('api_peak_rss_mb') or ''} "
          f"| {f'{tps:,.0f}' if tps else ''} | {ratio} | {TARGETS.get(name, '')} |")
for r in runs:
    if r["scenario"] == "signin":
        print(f"\nA reader of `GET /evaluations/mine` alone: p50 {r['reader_alone_p50_ms']:.1f} ms, p99 {r['reader_alone_p99_ms']:.1f} ms; "
              f"during {r['requests']} sign-ins by {r['clients']} clients: p50 {r['reader_during_p50_ms']:.1f} ms, "
              f"p99 {r['reader_during_p99_ms']:.1f} ms, worst {r['reader_during_max_ms']:.1f} ms.")
    if r.get("first_error"):
        print(f"\n{r['scenario']}: first error {r['first_error']}")
builtins = {k[len('builtin-'):]: v for k, v in pgbench.items() if k.startswith("builtin-")}
if builtins:
    print("\npgbench's built-in scripts on the same server (scale 10): " +
          ", ".join(f"{k} {v:,.0f} tps" for k, v in builtins.items()) + ".")
