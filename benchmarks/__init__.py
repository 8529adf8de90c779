"""Benchmarks of the local stack: converge time, API calls, and converge time under provisioning latency.

    make bench                                  # or: .venv/bin/python -m benchmarks.run --help

They write benchmarks/report.md and benchmarks/report.json and never fail on time (DESIGN.md section 7).
"""
