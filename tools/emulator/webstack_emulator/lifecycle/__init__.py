"""Lifecycle phases of slow AWS resources, as the latency profile models them.

`phases` holds the mechanism: a phase makes a moto model show an intermediate state
(creating, pending, InProgress, ...) for a set time, then the state moto stores. The
other modules, one per AWS service, install it on moto's models and start the phases
where moto creates, modifies or deletes a slow resource; each has a `patch()` that
`webstack_emulator.latency.apply()` runs once.
"""
