"""EC2 Auto Scaling fidelity fixes for moto 5.2.5 (moto/autoscaling/responses.py, moto/autoscaling/models.py).

moto's ``FakeAutoScalingGroup`` is answered by attribute name (``default_instance_warmup`` for
``DefaultInstanceWarmup``), so a setting moto's response handler drops is kept by setting that attribute on the
group after moto's own create or update ran.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from webstack_emulator.extensions import fix

# UpdateAutoScalingGroup: "To remove a value that you previously set, include the property but specify -1 for the value."
REMOVE = -1


def _group(response: Any) -> Any:
    return response.autoscaling_backend.autoscaling_groups[response._get_param("AutoScalingGroupName")]


@fix(
    "autoscaling",
    "DescribeAutoScalingGroups",
    "CreateAutoScalingGroup drops DefaultInstanceWarmup, so a group created with one reads back without it (a module comparing it sees a change on every run).",
)
def default_instance_warmup_is_kept_on_create() -> None:
    from moto.autoscaling.responses import AutoScalingResponse

    original = AutoScalingResponse.create_auto_scaling_group

    @wraps(original)
    def create_auto_scaling_group(self: AutoScalingResponse) -> Any:
        result = original(self)
        warmup = self._get_int_param("DefaultInstanceWarmup")
        if warmup is not None:
            _group(self).default_instance_warmup = warmup
        return result

    AutoScalingResponse.create_auto_scaling_group = create_auto_scaling_group  # type: ignore[method-assign]


@fix(
    "autoscaling",
    "UpdateAutoScalingGroup",
    "CapacityRebalance, DefaultInstanceWarmup, TerminationPolicies and DefaultCooldown are ignored: the group keeps its old values and reads them back.",
)
def update_keeps_every_setting_it_is_given() -> None:
    from moto.autoscaling.responses import AutoScalingResponse

    original = AutoScalingResponse.update_auto_scaling_group

    @wraps(original)
    def update_auto_scaling_group(self: AutoScalingResponse) -> Any:
        result = original(self)
        group = _group(self)
        rebalance = self._get_bool_param("CapacityRebalance", None)
        if rebalance is not None:
            group.capacity_rebalance = rebalance
        warmup = self._get_int_param("DefaultInstanceWarmup")
        if warmup is not None:
            group.default_instance_warmup = None if warmup == REMOVE else warmup
        policies = self._get_param("TerminationPolicies")
        if policies:
            group.termination_policies = policies
        cooldown = self._get_int_param("DefaultCooldown")
        if cooldown is not None:
            group.default_cooldown = cooldown
        return result

    AutoScalingResponse.update_auto_scaling_group = update_auto_scaling_group  # type: ignore[method-assign]


@fix(
    "autoscaling",
    "DeleteAutoScalingGroup",
    "ForceDelete is ignored: instances protected from scale-in keep running after their group is gone, and a group "
    "that still has instances is deleted without ForceDelete.",
)
def force_delete_takes_every_instance() -> None:
    from moto.autoscaling.exceptions import AutoscalingClientError
    from moto.autoscaling.responses import AutoScalingResponse

    original = AutoScalingResponse.delete_auto_scaling_group

    @wraps(original)
    def delete_auto_scaling_group(self: AutoScalingResponse) -> Any:
        group = self.autoscaling_backend.autoscaling_groups.get(self._get_param("AutoScalingGroupName"))
        if group is not None and group.instance_states:
            if not self._get_bool_param("ForceDelete", False):
                raise AutoscalingClientError(
                    "ResourceInUse", "You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group."
                )
            for state in group.instance_states:
                state.protected_from_scale_in = False  # ForceDelete terminates them all, protected or not
        return original(self)

    AutoScalingResponse.delete_auto_scaling_group = delete_auto_scaling_group  # type: ignore[method-assign]
