#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: webstack.aws contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: sns_topic
version_added: 0.2.0
short_description: Manage an SNS topic, its encryption key, access policy, subscriptions and tags
description:
  - Create, update, tag or delete one standard Amazon SNS topic, found by its name in the region.
  - Unlike C(community.aws.sns_topic), it sets the topic's server-side encryption key (C(KmsMasterKeyId)).
  - Standard topics only; FIFO topics (names ending in C(.fifo)) are not managed.
  - Settings left out (O(display_name), O(kms_master_key_id), O(policy), O(subscriptions), O(tags)) are left as
    they are on an existing topic.
author:
  - webstack.aws maintainers (@webstack)
options:
  name:
    description:
      - The name of the topic, 1 to 256 letters, digits, underscores and hyphens.
      - The topic managed is the one of the region whose ARN ends with this name.
    required: true
    type: str
  display_name:
    description:
      - The display name of the topic (the sender name of email notifications, the prefix of SMS messages), at most 100 characters.
      - V('') removes it.
    type: str
  kms_master_key_id:
    description:
      - The KMS key that encrypts the topic's messages at rest, as a key ID, a key ARN, an alias name
        (V(alias/webstack-demo-local)) or an alias ARN.
      - AWS keeps the value as it is given, so it is compared as given; giving the ARN of a key the topic names by
        its alias changes the attribute.
      - V('') turns server-side encryption off.
    type: str
  policy:
    description:
      - The topic's access policy, as a dict.
      - Compared with the current policy by meaning (order of statements and lists, single values or lists), not as text.
    type: dict
  subscriptions:
    description:
      - The subscriptions the topic should have.
      - A subscription is identified by its O(subscriptions[].protocol) and O(subscriptions[].endpoint).
      - New email, email-json, http and https subscriptions wait for their endpoint to confirm them.
    type: list
    elements: dict
    suboptions:
      protocol:
        description:
          - The protocol of the subscription.
        required: true
        type: str
        choices: ['email', 'email-json', 'http', 'https', 'sqs', 'lambda', 'sms', 'application', 'firehose']
      endpoint:
        description:
          - Where notifications go; its form depends on O(subscriptions[].protocol).
          - An email address for V(email) and V(email-json), a URL starting with V(http://) or V(https://) for
            V(http) and V(https), the ARN of a queue, a function or a delivery stream for V(sqs), V(lambda) and
            V(firehose), an E.164 phone number (V(+15555550100)) for V(sms), the ARN of a platform endpoint for V(application).
        required: true
        type: str
  purge_subscriptions:
    description:
      - Unsubscribe the subscriptions of the topic that O(subscriptions) does not list.
      - Only when O(subscriptions) is given.
      - A subscription still pending confirmation has no ARN and cannot be unsubscribed; the module leaves it (AWS
        removes it if its endpoint never confirms) and warns.
    default: true
    type: bool
  state:
    description:
      - Whether the topic should exist. V(absent) deletes it with its subscriptions.
    default: present
    choices: ['present', 'absent']
    type: str
notes:
  - Pending subscriptions are counted as existing, so a run does not subscribe them again.
  - In check mode the module reports what would change and changes nothing; a topic it would create is returned
    without an ARN.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: The stack's alarm topic, encrypted with the stack key, that CloudWatch may publish to
  webstack.aws.sns_topic:
    name: demo-local-alarms
    display_name: demo alarms
    kms_master_key_id: alias/demo-local
    policy:
      Version: "2012-10-17"
      Statement:
        - Sid: CloudWatchAlarms
          Effect: Allow
          Principal:
            Service: cloudwatch.amazonaws.com
          Action: sns:Publish
          Resource: "*"
    subscriptions:
      - protocol: email
        endpoint: ops@example.com
      - protocol: https
        endpoint: https://hooks.example.com/alarms
    tags:
      webstack:stack: demo
      webstack:environment: local
      webstack:component: monitoring
      ManagedBy: ansible
  register: alarm_topic

- name: Add a subscription and keep the others
  webstack.aws.sns_topic:
    name: demo-local-alarms
    subscriptions:
      - protocol: sqs
        endpoint: arn:aws:sqs:eu-west-1:123456789012:demo-local-alarms
    purge_subscriptions: false

- name: Delete the topic and its subscriptions
  webstack.aws.sns_topic:
    name: demo-local-alarms
    state: absent
"""

RETURN = r"""
topic:
  description:
    - The topic as AWS holds it after the run.
    - In check mode, the topic the module would leave; a topic it would create has no ARN yet.
  returned: when O(state=present)
  type: dict
  contains:
    topic_arn:
      description: The ARN of the topic.
      type: str
      returned: when the topic exists
      sample: arn:aws:sns:eu-west-1:123456789012:demo-local-alarms
    name:
      description: The name of the topic.
      type: str
      returned: always
      sample: demo-local-alarms
    display_name:
      description: The display name of the topic (V('') when it has none).
      type: str
      returned: always
      sample: demo alarms
    kms_master_key_id:
      description: The KMS key of the topic as it was given (V('') when the topic is not encrypted).
      type: str
      returned: always
      sample: alias/demo-local
    policy:
      description: The access policy of the topic.
      type: dict
      returned: always
      sample: {"Version": "2012-10-17", "Statement": []}
    subscriptions:
      description: The subscriptions of the topic, sorted by protocol and endpoint.
      type: list
      elements: dict
      returned: always
      contains:
        protocol:
          description: The protocol.
          type: str
          sample: email
        endpoint:
          description: The endpoint.
          type: str
          sample: ops@example.com
        subscription_arn:
          description:
            - The ARN of the subscription; V(PendingConfirmation) while its endpoint has not confirmed it.
            - Absent in check mode for a subscription the module would make.
          type: str
          sample: PendingConfirmation
    tags:
      description: The tags of the topic.
      type: dict
      returned: always
      sample: {"webstack:stack": "demo"}
"""

import json
import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional
from typing import Tuple

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.policy import compare_policies
from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import boto3_tag_list_to_ansible_dict
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags
from ansible_collections.webstack.aws.plugins.module_utils.retries import retrying

PROTOCOLS = ["email", "email-json", "http", "https", "sqs", "lambda", "sms", "application", "firehose"]

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    display_name=dict(type="str"),
    kms_master_key_id=dict(type="str"),
    policy=dict(type="dict"),
    subscriptions=dict(
        type="list",
        elements="dict",
        options=dict(
            protocol=dict(type="str", required=True, choices=PROTOCOLS),
            endpoint=dict(type="str", required=True),
        ),
    ),
    purge_subscriptions=dict(type="bool", default=True),
    tags=dict(type="dict", aliases=["resource_tags"]),
    purge_tags=dict(type="bool", default=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

# What ListSubscriptionsByTopic shows in place of the ARN of a subscription its endpoint has not confirmed.
PENDING = "PendingConfirmation"

TOPIC_NAME = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
DISPLAY_NAME_MAX = 100
KMS_KEY = re.compile(
    r"^(alias/[A-Za-z0-9/_-]+"
    r"|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+"
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|mrk-[0-9a-f]{32})$"
)
ENDPOINTS = {
    "email": (re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), "an email address"),
    "email-json": (re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), "an email address"),
    "http": (re.compile(r"^http://\S+$"), "a URL starting with http://"),
    "https": (re.compile(r"^https://\S+$"), "a URL starting with https://"),
    "sqs": (re.compile(r"^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+(\.fifo)?$"), "the ARN of an SQS queue"),
    "lambda": (re.compile(r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$"), "the ARN of a Lambda function"),
    "firehose": (re.compile(r"^arn:aws[a-z-]*:firehose:[a-z0-9-]+:[0-9]{12}:deliverystream/[A-Za-z0-9_.-]+$"), "the ARN of a Firehose delivery stream"),
    "sms": (re.compile(r"^\+[1-9][0-9]{1,14}$"), "an E.164 phone number such as +15555550100"),
    "application": (re.compile(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:endpoint/\S+$"), "the ARN of a platform application endpoint"),
}

# Module option -> topic attribute, for the attributes the module manages.
ATTRIBUTES = {"display_name": "DisplayName", "kms_master_key_id": "KmsMasterKeyId", "policy": "Policy"}


# Pure functions: validation, views, what differs, what to send


def validate_params(params: Dict[str, Any]) -> List[str]:
    """Every reason the options are unusable, each naming its option; [] when they are fine."""
    errors = []
    if not TOPIC_NAME.match(params["name"]):
        errors.append(f"name must be 1 to 256 letters, digits, underscores or hyphens (a standard topic; FIFO topics are not managed), not {params['name']!r}.")
    if params["state"] == "absent":
        return errors
    if params.get("display_name") is not None and len(params["display_name"]) > DISPLAY_NAME_MAX:
        errors.append(f"display_name must be at most {DISPLAY_NAME_MAX} characters, not {len(params['display_name'])}.")
    key = params.get("kms_master_key_id")
    if key and not KMS_KEY.match(key):
        errors.append(f"kms_master_key_id must be a KMS key ID, key ARN, alias name (alias/...) or alias ARN, or '' for no encryption, not {key!r}.")
    for index, subscription in enumerate(params.get("subscriptions") or []):
        pattern, wanted = ENDPOINTS[subscription["protocol"]]
        if not pattern.match(subscription["endpoint"]):
            errors.append(f"subscriptions[{index}].endpoint must be {wanted} for protocol {subscription['protocol']}, not {subscription['endpoint']!r}.")
    return errors


def topic_view(arn: Optional[str], name: str, attributes: Dict[str, str], subscriptions: List[Dict[str, str]], tags: Dict[str, str]) -> Dict[str, Any]:
    """The topic as the module returns it, from GetTopicAttributes' attributes, the subscriptions and the tags."""
    view = {
        "name": name,
        "display_name": attributes.get("DisplayName", ""),
        "kms_master_key_id": attributes.get("KmsMasterKeyId", ""),
        "policy": json.loads(attributes["Policy"]) if attributes.get("Policy") else {},
        "subscriptions": sorted(subscriptions, key=subscription_key),
        "tags": tags,
    }
    if arn:
        view["topic_arn"] = arn
    return view


def subscription_key(subscription: Dict[str, str]) -> Tuple[str, str]:
    return (subscription["protocol"], subscription["endpoint"])


def subscription_view(listed: Dict[str, str]) -> Dict[str, str]:
    return {"protocol": listed["Protocol"], "endpoint": listed["Endpoint"], "subscription_arn": listed["SubscriptionArn"]}


def attribute_changes(current: Optional[Dict[str, Any]], params: Dict[str, Any]) -> Dict[str, str]:
    """AttributeName -> value to send for each managed attribute given that differs (all of them, for a new topic)."""
    changes = {}
    for option, attribute in ATTRIBUTES.items():
        wanted = params.get(option)
        if wanted is None:
            continue
        if option == "policy":
            if current is None or compare_policies(current["policy"], wanted):
                changes[attribute] = json.dumps(wanted, sort_keys=True)
        elif current is None or current[option] != wanted:
            changes[attribute] = wanted
    return changes


def subscription_changes(current: List[Dict[str, str]], params: Dict[str, Any]) -> Dict[str, List[Dict[str, str]]]:
    """The subscriptions to make, to unsubscribe, and those that should go but are pending (so cannot)."""
    changes: Dict[str, List[Dict[str, str]]] = {"subscribe": [], "unsubscribe": [], "pending": []}
    wanted = params.get("subscriptions")
    if wanted is None:
        return changes
    have = {subscription_key(s) for s in current}
    keys = {subscription_key(s) for s in wanted}
    changes["subscribe"] = [{"protocol": p, "endpoint": e} for p, e in sorted(keys - have)]
    if params["purge_subscriptions"]:
        unwanted = [s for s in current if subscription_key(s) not in keys]
        changes["unsubscribe"] = [s for s in unwanted if s["subscription_arn"] != PENDING]
        changes["pending"] = [s for s in unwanted if s["subscription_arn"] == PENDING]
    return changes


def tag_changes(current: Dict[str, str], params: Dict[str, Any]) -> Tuple[Dict[str, str], List[str]]:
    if params.get("tags") is None:
        return {}, []
    return compare_aws_tags(current, params["tags"], params["purge_tags"])


def plan(current: Optional[Dict[str, Any]], params: Dict[str, Any]) -> Dict[str, Any]:
    """Every change the options ask of the topic (current is None for a topic to create)."""
    subscriptions = subscription_changes(current["subscriptions"] if current else [], params)
    to_set, to_remove = tag_changes(current["tags"] if current else {}, params)
    return {"attributes": attribute_changes(current, params), **subscriptions, "tags_to_set": to_set, "tags_to_remove": to_remove}


def has_changes(current: Optional[Dict[str, Any]], changes: Dict[str, Any]) -> bool:
    """Whether a run makes any call that changes something (pending subscriptions it cannot remove do not count)."""
    return current is None or any(changes[kind] for kind in ("attributes", "subscribe", "unsubscribe", "tags_to_set", "tags_to_remove"))


def predicted_topic(current: Optional[Dict[str, Any]], params: Dict[str, Any], changes: Dict[str, Any]) -> Dict[str, Any]:
    """The topic as it will be once the changes are made (no ARN for a new topic, none for new subscriptions)."""
    after = dict(current or topic_view(None, params["name"], {}, [], {}))
    for option, attribute in ATTRIBUTES.items():
        if attribute in changes["attributes"]:
            after[option] = params[option]
    gone = {subscription_key(s) for s in changes["unsubscribe"]}
    kept = [s for s in after["subscriptions"] if subscription_key(s) not in gone]
    after["subscriptions"] = sorted(kept + changes["subscribe"], key=subscription_key)
    tags = {**after["tags"], **changes["tags_to_set"]}
    after["tags"] = {key: value for key, value in tags.items() if key not in changes["tags_to_remove"]}
    return after


def diff_view(topic: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """What the diff shows: attributes, subscriptions (protocol and endpoint) and tags."""
    if topic is None:
        return {}
    return {
        "attributes": {option: topic[option] for option in ATTRIBUTES},
        "subscriptions": [{"protocol": s["protocol"], "endpoint": s["endpoint"]} for s in topic["subscriptions"]],
        "tags": topic["tags"],
    }


def create_params(params: Dict[str, Any]) -> Dict[str, Any]:
    """CreateTopic's parameters: the name, the attributes given (but no empty ones) and the tags."""
    attributes = {name: value for name, value in attribute_changes(None, params).items() if value != ""}
    request: Dict[str, Any] = {"Name": params["name"]}
    if attributes:
        request["Attributes"] = attributes
    if params.get("tags"):
        request["Tags"] = ansible_dict_to_boto3_tag_list(params["tags"])
    return request


# AWS calls


class TopicManager:
    """Brings one SNS topic to the state the module's options describe."""

    def __init__(self, module: Any, client: Any, settling_client: Any) -> None:
        self.module = module
        self.client = client
        # Reads right after CreateTopic, when AWS may not show the new topic everywhere yet.
        self.settling_client = settling_client
        self.params = module.params

    def fail(self, error: Exception, msg: str) -> None:
        self.module.fail_json_aws(error, msg=msg)

    # Reading

    def find_arn(self, name: str) -> Optional[str]:
        request: Dict[str, Any] = {}
        try:
            while True:
                page = self.client.list_topics(aws_retry=True, **request)
                for topic in page.get("Topics", []):
                    if topic["TopicArn"].split(":")[-1] == name:
                        return topic["TopicArn"]
                if not page.get("NextToken"):
                    return None
                request["NextToken"] = page["NextToken"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, "Failed to list SNS topics")

    def describe(self, arn: str, client: Any) -> Dict[str, Any]:
        try:
            attributes = client.get_topic_attributes(aws_retry=True, TopicArn=arn)["Attributes"]
            subscriptions = self.list_subscriptions(arn, client)
            tags = boto3_tag_list_to_ansible_dict(client.list_tags_for_resource(aws_retry=True, ResourceArn=arn).get("Tags", []))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to read SNS topic {arn}")
        return topic_view(arn, self.params["name"], attributes, subscriptions, tags)

    def list_subscriptions(self, arn: str, client: Any) -> List[Dict[str, str]]:
        subscriptions = []
        request: Dict[str, Any] = {"TopicArn": arn}
        while True:
            page = client.list_subscriptions_by_topic(aws_retry=True, **request)
            subscriptions.extend(subscription_view(s) for s in page.get("Subscriptions", []))
            if not page.get("NextToken"):
                return subscriptions
            request["NextToken"] = page["NextToken"]

    # Desired states

    def ensure_present(self) -> Dict[str, Any]:
        arn = self.find_arn(self.params["name"])
        current = self.describe(arn, self.client) if arn else None
        changes = plan(current, self.params)
        for pending in changes["pending"]:
            self.module.warn(
                f"The {pending['protocol']} subscription of {pending['endpoint']} is pending confirmation and cannot be unsubscribed; "
                "AWS removes it if it is never confirmed"
            )
        changed = has_changes(current, changes)
        after = predicted_topic(current, self.params, changes)
        if changed and not self.module.check_mode:
            if current is None:
                arn = self.create(changes)
            else:
                self.update(current, changes)
            after = self.describe(arn, self.settling_client)
        return {"changed": changed, "topic": after, "diff": {"before": diff_view(current), "after": diff_view(after)}}

    def ensure_absent(self) -> Dict[str, Any]:
        arn = self.find_arn(self.params["name"])
        if arn is None:
            return {"changed": False, "diff": {"before": {}, "after": {}}}
        current = self.describe(arn, self.client)
        if not self.module.check_mode:
            try:
                self.client.delete_topic(aws_retry=True, TopicArn=arn)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.fail(e, f"Failed to delete SNS topic {arn}")
        return {"changed": True, "diff": {"before": diff_view(current), "after": {}}}

    # Changing

    def create(self, changes: Dict[str, Any]) -> str:
        try:
            arn = self.client.create_topic(aws_retry=True, **create_params(self.params))["TopicArn"]
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to create SNS topic {self.params['name']}")
        self.subscribe(arn, changes["subscribe"], self.settling_client)
        return arn

    def update(self, current: Dict[str, Any], changes: Dict[str, Any]) -> None:
        arn = current["topic_arn"]
        for name, value in changes["attributes"].items():
            try:
                self.client.set_topic_attributes(aws_retry=True, TopicArn=arn, AttributeName=name, AttributeValue=value)
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.fail(e, f"Failed to set {name} of SNS topic {arn}")
        self.subscribe(arn, changes["subscribe"], self.client)
        for subscription in changes["unsubscribe"]:
            try:
                self.client.unsubscribe(aws_retry=True, SubscriptionArn=subscription["subscription_arn"])
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.fail(e, f"Failed to unsubscribe {subscription['subscription_arn']}")
        self.update_tags(arn, changes)

    def subscribe(self, arn: str, subscriptions: List[Dict[str, str]], client: Any) -> None:
        for subscription in subscriptions:
            try:
                client.subscribe(aws_retry=True, TopicArn=arn, Protocol=subscription["protocol"], Endpoint=subscription["endpoint"])
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
                self.fail(e, f"Failed to subscribe {subscription['protocol']} endpoint {subscription['endpoint']} to SNS topic {arn}")

    def update_tags(self, arn: str, changes: Dict[str, Any]) -> None:
        try:
            if changes["tags_to_remove"]:
                self.client.untag_resource(aws_retry=True, ResourceArn=arn, TagKeys=changes["tags_to_remove"])
            if changes["tags_to_set"]:
                self.client.tag_resource(aws_retry=True, ResourceArn=arn, Tags=ansible_dict_to_boto3_tag_list(changes["tags_to_set"]))
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            self.fail(e, f"Failed to tag SNS topic {arn}")


def main() -> None:
    module = AnsibleAWSModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)

    errors = validate_params(module.params)
    if errors:
        module.fail_json(msg=" ".join(errors), errors=errors)

    client = module.client("sns", retry_decorator=retrying())
    settling_client = module.client("sns", retry_decorator=retrying(["NotFound", "ResourceNotFound"]))
    manager = TopicManager(module, client, settling_client)
    if module.params["state"] == "present":
        result = manager.ensure_present()
    else:
        result = manager.ensure_absent()
    module.exit_json(**result)


if __name__ == "__main__":
    main()
