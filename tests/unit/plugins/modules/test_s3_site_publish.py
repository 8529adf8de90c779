"""s3_site_publish: the pure planning functions, then publishes run end to end through main() against the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ansible_collections.webstack.aws.plugins.modules import s3_site_publish

from tests.harness.emulator import REGION
from tests.harness.emulator import Emulator
from tests.unit.plugins.modules.runner import Result
from tests.unit.plugins.modules.runner import run

BUCKET = "webstack-test-site-123456789012"
IMMUTABLE = "public, max-age=31536000, immutable"

SITE = {
    "index.html": "<!doctype html><title>home</title>",
    "about/index.html": "<!doctype html><title>about</title>",
    "assets/app.js": "console.log('app')",
    "assets/app.js.map": '{"version":3}',
    "assets/font.woff2": "wOF2",
    "app.3f9a1c2b.js": "export const a = 1",
    "main.3f9a1c2b4d.css": "body{margin:0}",
    "lib.mjs": "export default 1",
    "config.json": '{"api":"/api"}',
    "logo.svg": "<svg/>",
    "logo.png": "PNG",
    "photo.webp": "RIFF",
    "favicon.ico": "ICO",
    "robots.txt": "User-agent: *",
    "engine.wasm": "\0asm",
}
TYPES = {
    "index.html": "text/html; charset=utf-8",
    "about/index.html": "text/html; charset=utf-8",
    "assets/app.js": "text/javascript; charset=utf-8",
    "assets/app.js.map": "application/json",
    "assets/font.woff2": "font/woff2",
    "app.3f9a1c2b.js": "text/javascript; charset=utf-8",
    "main.3f9a1c2b4d.css": "text/css; charset=utf-8",
    "lib.mjs": "text/javascript; charset=utf-8",
    "config.json": "application/json",
    "logo.svg": "image/svg+xml",
    "logo.png": "image/png",
    "photo.webp": "image/webp",
    "favicon.ico": "image/vnd.microsoft.icon",
    "robots.txt": "text/plain; charset=utf-8",
    "engine.wasm": "application/wasm",
}
IMMUTABLE_KEYS = {"assets/app.js", "assets/app.js.map", "assets/font.woff2", "app.3f9a1c2b.js", "main.3f9a1c2b4d.css"}


# Pure functions


@pytest.mark.parametrize(("relative", "expected"), sorted(TYPES.items()))
def test_built_in_content_types(relative: str, expected: str) -> None:
    assert s3_site_publish.content_type_for(relative, {}) == expected


def test_extra_content_types_win_whatever_their_spelling() -> None:
    extra = {".MJS": "application/javascript", "glb": "model/gltf-binary"}

    assert s3_site_publish.content_type_for("lib.mjs", extra) == "application/javascript"
    assert s3_site_publish.content_type_for("scene.GLB", extra) == "model/gltf-binary"
    assert s3_site_publish.content_type_for("blob.unknownext", {}) == "application/octet-stream"


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("index.html", "no-cache"),
        ("docs/page.HTM", "no-cache"),
        ("assets/index.html", "no-cache"),
        ("assets/logo.png", IMMUTABLE),
        ("app.3f9a1c2b.js", IMMUTABLE),
        ("static/js/main.3f9a1c2b.chunk.js", IMMUTABLE),
        ("chunks/main-3f9a1c2b4d5e6f70.js", IMMUTABLE),
        ("app.js", "no-cache"),
        ("polyfills-legacy.js", "no-cache"),
        ("report-20240101.pdf", "no-cache"),
        ("deadbeefcafe.txt", "no-cache"),
        ("favicon.ico", "no-cache"),
    ],
)
def test_built_in_cache_rules(relative: str, expected: str) -> None:
    assert s3_site_publish.cache_control_for(relative, [], "assets/") == expected


def test_first_matching_cache_rule_wins_before_built_in_ones() -> None:
    rules = [{"pattern": "data/*.json", "cache_control": "max-age=60"}, {"pattern": "*.json", "cache_control": "max-age=5"}]

    assert s3_site_publish.cache_control_for("data/deep/x.json", rules, "assets/") == "max-age=60"
    assert s3_site_publish.cache_control_for("x.json", rules, "assets/") == "max-age=5"
    assert s3_site_publish.cache_control_for("index.html", [{"pattern": "*", "cache_control": "max-age=1"}], "assets/") == "max-age=1"


def test_empty_assets_prefix_turns_the_prefix_rule_off() -> None:
    assert s3_site_publish.cache_control_for("assets/logo.png", [], "") == "no-cache"


@pytest.mark.parametrize(("pattern", "problem"), [("", "empty"), ("/x/*", "starts with '/'"), ("[abc", "closing"), ("a[[b]", "inside")])
def test_unusable_globs_are_named(pattern: str, problem: str) -> None:
    assert problem in s3_site_publish.glob_error(pattern)


@pytest.mark.parametrize("pattern", ["*.js", "assets/**", "[!.]*", "file?.txt", "a]b"])
def test_usable_globs_pass(pattern: str) -> None:
    assert s3_site_publish.glob_error(pattern) is None


def test_invalidation_paths_add_the_directory_of_an_index_and_encode() -> None:
    paths = s3_site_publish.invalidation_paths(["index.html", "docs/index.html", "a b*.txt", "assets/app.js"], "")

    assert paths == ["/", "/a%20b%2A.txt", "/assets/app.js", "/docs/", "/docs/index.html", "/index.html"]


def test_many_changed_paths_become_one_wildcard_under_the_prefix() -> None:
    keys = [f"site/f{number}.js" for number in range(s3_site_publish.MAX_INVALIDATION_PATHS + 1)]

    assert s3_site_publish.invalidation_paths(keys, "/site/") == ["/site/*"]


def test_caller_reference_is_made_per_run() -> None:
    first = s3_site_publish.caller_reference("E1", ["/a"], 1)

    assert first == s3_site_publish.caller_reference("E1", ["/a"], 1)
    assert first != s3_site_publish.caller_reference("E1", ["/a"], 2)
    assert first != s3_site_publish.caller_reference("E1", ["/b"], 1)


def test_kms_key_given_as_id_matches_the_arn_s3_reports() -> None:
    arn = "arn:aws:kms:eu-west-1:123456789012:key/1111-2222"

    assert s3_site_publish.same_kms_key("1111-2222", arn)
    assert s3_site_publish.same_kms_key(arn, arn)
    assert s3_site_publish.same_kms_key(arn, "1111-2222")
    assert not s3_site_publish.same_kms_key("3333-4444", arn)
    assert not s3_site_publish.same_kms_key("3333-4444", None)
    assert s3_site_publish.same_kms_key("alias/site", arn)


# End to end


def write_site(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


class World:
    def __init__(self, aws: Emulator, source: Path, distribution_id: str) -> None:
        self.aws = aws
        self.source = source
        self.distribution_id = distribution_id

    def publish(self, check_mode: bool = False, **args: Any) -> Result:
        return run(s3_site_publish.main, self.aws, {"bucket": BUCKET, "source": str(self.source), **args}, check_mode)

    def publish_cdn(self, check_mode: bool = False, **args: Any) -> Result:
        return self.publish(check_mode, distribution_id=self.distribution_id, **args)

    def keys(self) -> list[str]:
        return sorted(item["Key"] for item in self.aws.client("s3").list_objects_v2(Bucket=BUCKET).get("Contents", []))

    def head(self, key: str) -> dict[str, Any]:
        return self.aws.client("s3").head_object(Bucket=BUCKET, Key=key)

    def invalidations(self) -> list[list[str]]:
        """The paths of each invalidation, oldest first (ListInvalidations answers newest first)."""
        cloudfront = self.aws.client("cloudfront")
        listed = cloudfront.list_invalidations(DistributionId=self.distribution_id)["InvalidationList"].get("Items", [])[::-1]
        batches = [cloudfront.get_invalidation(DistributionId=self.distribution_id, Id=item["Id"])["Invalidation"]["InvalidationBatch"] for item in listed]
        return [sorted(batch["Paths"]["Items"]) for batch in batches]


def create_distribution(aws: Emulator) -> str:
    origin = {"Id": "site", "DomainName": f"{BUCKET}.s3.{REGION}.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
    config = {
        "CallerReference": "site",
        "Comment": "site",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
    }
    return aws.client("cloudfront").create_distribution(DistributionConfig=config)["Distribution"]["Id"]


@pytest.fixture
def world(aws: Emulator, tmp_path: Path) -> World:
    """A bucket, a distribution and a built site in tmp_path/dist; the call log starts empty."""
    aws.client("s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    distribution_id = create_distribution(aws)
    aws.clear_calls()
    return World(aws, write_site(tmp_path / "dist", SITE), distribution_id)


@pytest.fixture
def published(world: World) -> World:
    """The site published once (invalidated too); the call log starts empty."""
    first = world.publish_cdn()
    assert not first.failed and first.changed, first.out
    world.aws.clear_calls()
    return world


def test_first_publish_uploads_every_file_with_its_headers(world: World) -> None:
    first = world.publish()

    assert not first.failed, first.out
    assert first.changed
    assert world.keys() == sorted(SITE)
    assert first.out["uploaded"] == sorted(SITE)
    assert first.out["counts"] == {"uploaded": len(SITE), "deleted": 0, "unchanged": 0}
    assert world.aws.calls().mutating == ["s3:PutObject"] * len(SITE)
    for key in SITE:
        head = world.head(key)
        assert head["ContentType"] == TYPES[key], key
        assert head["CacheControl"] == (IMMUTABLE if key in IMMUTABLE_KEYS else "no-cache"), key
        assert head["Metadata"]["sha256"] == s3_site_publish.file_sha256(str(world.source / key))
    assert first.out["invalidation_id"] is None
    assert first.out["invalidation_paths"] == []


def test_first_publish_with_a_distribution_invalidates_every_path_once(world: World) -> None:
    first = world.publish_cdn()

    assert not first.failed, first.out
    assert world.aws.calls().mutating.count("cloudfront:CreateInvalidation") == 1
    assert world.invalidations() == [first.out["invalidation_paths"]]
    assert "/" in first.out["invalidation_paths"] and "/about/" in first.out["invalidation_paths"]
    assert first.out["invalidation_id"]


def test_second_publish_changes_nothing_and_calls_nothing_mutating(published: World) -> None:
    again = published.publish_cdn()

    assert not again.failed, again.out
    assert not again.changed
    assert published.aws.calls().mutating == []
    assert again.out["unchanged"] == sorted(SITE)
    assert (again.out["uploaded"], again.out["deleted"], again.out["invalidation_paths"]) == ([], [], [])
    assert again.out["invalidation_id"] is None
    assert again.out["diff"] == {"before": {}, "after": {}}


def test_a_changed_file_is_uploaded_alone_and_invalidated_alone(published: World) -> None:
    (published.source / "robots.txt").write_text("User-agent: *\nDisallow: /admin")

    changed = published.publish_cdn()

    assert not changed.failed, changed.out
    assert changed.changed
    assert published.aws.calls().mutating == ["s3:PutObject", "cloudfront:CreateInvalidation"]
    assert changed.out["uploaded"] == ["robots.txt"]
    assert changed.out["invalidation_paths"] == ["/robots.txt"]
    assert published.invalidations()[-1] == ["/robots.txt"]
    assert changed.out["diff"]["before"]["robots.txt"]["sha256"] != changed.out["diff"]["after"]["robots.txt"]["sha256"]


def test_a_changed_index_invalidates_its_directory_too(published: World) -> None:
    (published.source / "index.html").write_text("<!doctype html><title>new home</title>")

    changed = published.publish_cdn()

    assert changed.out["invalidation_paths"] == ["/", "/index.html"]


def test_a_deleted_file_is_deleted_and_invalidated(published: World) -> None:
    (published.source / "app.3f9a1c2b.js").unlink()

    changed = published.publish_cdn()

    assert not changed.failed, changed.out
    assert published.aws.calls().mutating == ["s3:DeleteObjects", "cloudfront:CreateInvalidation"]
    assert changed.out["deleted"] == ["app.3f9a1c2b.js"]
    assert "app.3f9a1c2b.js" not in published.keys()
    assert published.invalidations()[-1] == ["/app.3f9a1c2b.js"]
    assert changed.out["diff"]["before"] == {"app.3f9a1c2b.js": {"size": len(SITE["app.3f9a1c2b.js"])}}
    assert changed.out["diff"]["after"] == {}


def test_without_delete_removed_files_stay(published: World) -> None:
    (published.source / "robots.txt").unlink()

    kept = published.publish_cdn(delete=False)

    assert not kept.changed
    assert published.aws.calls().mutating == []
    assert "robots.txt" in published.keys()


def test_a_cache_rule_change_re_uploads_same_content_with_the_new_header(published: World) -> None:
    changed = published.publish_cdn(cache_rules=[{"pattern": "*.json", "cache_control": "public, max-age=60"}])

    assert changed.out["uploaded"] == ["config.json"]
    assert published.head("config.json")["CacheControl"] == "public, max-age=60"
    assert changed.out["invalidation_paths"] == ["/config.json"]


def test_a_content_type_change_re_uploads(published: World) -> None:
    changed = published.publish(content_types={"ico": "image/x-icon"})

    assert changed.out["uploaded"] == ["favicon.ico"]
    assert published.head("favicon.ico")["ContentType"] == "image/x-icon"


def test_an_object_without_the_sha256_metadata_is_uploaded_once_more(published: World) -> None:
    published.aws.client("s3").put_object(Bucket=BUCKET, Key="logo.png", Body=b"PNG", ContentType="image/png", CacheControl="no-cache")
    published.aws.clear_calls()

    again = published.publish()

    assert again.out["uploaded"] == ["logo.png"]
    assert published.publish().changed is False


def test_check_mode_reports_the_plan_and_changes_nothing(world: World) -> None:
    planned = world.publish_cdn(check_mode=True)

    assert not planned.failed, planned.out
    assert planned.changed
    assert planned.out["uploaded"] == sorted(SITE)
    assert "/index.html" in planned.out["invalidation_paths"]
    assert planned.out["invalidation_id"] is None
    assert world.aws.calls().mutating == []
    assert world.keys() == []
    assert planned.out["diff"]["after"]["index.html"] == {
        "sha256": s3_site_publish.file_sha256(str(world.source / "index.html")),
        "content_type": "text/html; charset=utf-8",
        "cache_control": "no-cache",
    }


def test_check_mode_of_a_deletion_changes_nothing(published: World) -> None:
    (published.source / "robots.txt").unlink()

    planned = published.publish_cdn(check_mode=True)

    assert planned.changed
    assert planned.out["deleted"] == ["robots.txt"]
    assert planned.out["invalidation_paths"] == ["/robots.txt"]
    assert published.aws.calls().mutating == []
    assert "robots.txt" in published.keys()


def test_prefix_publishes_under_it_and_deletes_only_under_it(world: World) -> None:
    world.aws.client("s3").put_object(Bucket=BUCKET, Key="other/keep.txt", Body=b"x")

    first = world.publish_cdn(prefix="app/v2")

    assert not first.failed, first.out
    assert world.keys() == sorted(["other/keep.txt", *(f"app/v2/{key}" for key in SITE)])
    assert "/app/v2/" in first.out["invalidation_paths"]
    (world.source / "logo.svg").unlink()
    world.aws.clear_calls()

    again = world.publish_cdn(prefix="app/v2")

    assert again.out["deleted"] == ["app/v2/logo.svg"]
    assert "other/keep.txt" in world.keys()


def test_kms_encryption_is_applied_and_compared(world: World) -> None:
    key = world.aws.client("kms").create_key()["KeyMetadata"]
    first = world.publish(sse="aws:kms", sse_kms_key_id=key["Arn"])
    assert not first.failed, first.out
    assert world.head("index.html")["ServerSideEncryption"] == "aws:kms"
    world.aws.clear_calls()

    again = world.publish(sse="aws:kms", sse_kms_key_id=key["Arn"])

    assert not again.changed
    assert world.aws.calls().mutating == []
    other = world.aws.client("kms").create_key()["KeyMetadata"]
    rekeyed = world.publish(sse="aws:kms", sse_kms_key_id=other["KeyId"])
    assert rekeyed.out["uploaded"] == sorted(SITE)


def test_a_failed_invalidation_fails_naming_the_paths(world: World) -> None:
    failed = world.publish(distribution_id="E000000000NONE")

    assert failed.failed
    assert "invalidate them yourself" in failed.out["msg"]
    assert "/index.html" in failed.out["invalidation_paths"]


def test_wait_returns_the_completed_invalidation(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(s3_site_publish, "POLL_DELAY", 0)

    waited = world.publish_cdn(wait=True, wait_timeout=1)

    assert not waited.failed, waited.out
    assert waited.out["invalidation_status"] == "Completed"


def test_a_repeated_caller_reference_makes_no_second_invalidation(world: World) -> None:
    cloudfront = world.aws.client("cloudfront")
    batch = {"Paths": {"Quantity": 1, "Items": ["/index.html"]}, "CallerReference": "s3_site_publish-1-abc"}

    first = cloudfront.create_invalidation(DistributionId=world.distribution_id, InvalidationBatch=batch)["Invalidation"]
    second = cloudfront.create_invalidation(DistributionId=world.distribution_id, InvalidationBatch=batch)["Invalidation"]

    assert first["Id"] == second["Id"]


# Bad input: each fails naming the option, before any AWS call


@pytest.mark.parametrize(
    ("args", "named"),
    [
        ({"source": "/nonexistent/dist"}, "source"),
        ({"cache_rules": [{"pattern": "[abc", "cache_control": "no-cache"}]}, "cache_rules[0].pattern"),
        ({"cache_rules": [{"pattern": "/abs/*", "cache_control": "no-cache"}]}, "cache_rules[0].pattern"),
        ({"cache_rules": [{"pattern": "*", "cache_control": "no-cache\r\nX-Evil: 1"}]}, "cache_rules[0].cache_control"),
        ({"content_types": {".x": "not a type"}}, "content_types"),
        ({"prefix": "/site"}, "prefix"),
        ({"sse_kms_key_id": "1111-2222"}, "sse_kms_key_id"),
        ({"wait": True}, "wait=true needs distribution_id"),
        ({"distribution_id": "E1", "wait_timeout": 0}, "wait_timeout"),
    ],
)
def test_bad_input_fails_before_any_call(world: World, args: dict[str, Any], named: str) -> None:
    failed = world.publish(**args)

    assert failed.failed
    assert named in failed.out["msg"]
    assert world.aws.calls().calls == []


def test_an_empty_source_is_refused(world: World, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    failed = run(s3_site_publish.main, world.aws, {"bucket": BUCKET, "source": str(tmp_path / "empty")})

    assert failed.failed
    assert "holds no file" in failed.out["msg"]
    assert world.aws.calls().calls == []


# Waiting, with a fake CloudFront (without a latency profile the emulator's invalidations are Completed at once)


class FakeModule:
    def __init__(self) -> None:
        self.params = {"bucket": BUCKET}

    def fail_json(self, **kwargs: Any) -> None:
        raise AssertionError(kwargs["msg"])


class FakeCloudFront:
    def __init__(self, statuses: list[str]) -> None:
        self.statuses = statuses
        self.reads = 0

    def get_invalidation(self, **kwargs: Any) -> dict[str, Any]:
        self.reads += 1
        return {"Invalidation": {"Id": kwargs["Id"], "Status": self.statuses.pop(0)}}


def test_waiting_polls_until_completed() -> None:
    cloudfront = FakeCloudFront(["InProgress", "Completed"])
    publisher = s3_site_publish.Publisher(FakeModule(), None, cloudfront, sleep=lambda seconds: None, clock=lambda: 0.0)

    done = publisher.await_completed("E1", {"Id": "I1", "Status": "InProgress"}, 60)

    assert done["Status"] == "Completed"
    assert cloudfront.reads == 2


def test_waiting_times_out_naming_the_invalidation() -> None:
    ticks = iter(range(0, 1000, 30))
    publisher = s3_site_publish.Publisher(FakeModule(), None, FakeCloudFront(["InProgress"] * 10), sleep=lambda seconds: None, clock=lambda: next(ticks))

    with pytest.raises(AssertionError, match="Timed out after 60s waiting for invalidation I1"):
        publisher.await_completed("E1", {"Id": "I1", "Status": "InProgress"}, 60)
