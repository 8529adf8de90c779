"""The embedded AWS emulator: moto's server with a call log and fidelity fixes.

Nothing in the collection (roles, modules) knows about this package; it only
answers AWS API calls on loopback.
"""
