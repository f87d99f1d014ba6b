"""Object storage for tests: moto's S3-protocol server (a stand-in for any
S3-compatible service) on loopback, and the portal's settings pointed at it.

Use the ``object_storage`` fixture (import it into the test module); it yields
the bucket's endpoint URL."""

from __future__ import annotations

import logging
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from config.objectstorage import object_storage_settings

CREDENTIALS = {"access_key": "test", "secret_key": "test", "region": "us-east-1"}


@pytest.fixture(scope="session")
def s3_endpoint():
    # One line per S3 request is noise in a failing test's output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def make_bucket(endpoint: str) -> str:
    bucket = f"portal-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
        region_name=CREDENTIALS["region"],
    ).create_bucket(Bucket=bucket)
    return bucket


@pytest.fixture
def object_storage(settings, s3_endpoint):
    """Every file of this test in a fresh bucket; yields the endpoint."""
    updates = object_storage_settings(
        settings.STORAGES,
        bucket=make_bucket(s3_endpoint),
        endpoint_url=s3_endpoint,
        **CREDENTIALS,
    )
    for name, value in updates.items():
        setattr(settings, name, value)
    settings.CSP_MEDIA_ORIGINS = [s3_endpoint]
    return s3_endpoint
