"""End-to-end cases for boto3 against a crossbucket server.

Run by test/e2e/boto3-client.test.ts. Reads the endpoint from CROSSBUCKET_ENDPOINT and the keys from
the standard AWS_* variables, takes the name of a fresh bucket as its only argument, runs every
case, and prints one JSON object: case name -> observations (or {"error": "..."}), which the node
test asserts. Observations are raw facts plus independently computed expectations (zlib, hashlib).
"""
import base64
import hashlib
import json
import os
import sys
import tempfile
import traceback
import urllib.request
import zlib

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["CROSSBUCKET_ENDPOINT"]
BUCKET = sys.argv[1]

s3 = boto3.client(
    "s3",
    endpoint_url=ENDPOINT,
    region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)

# Presigned URLs: with a custom endpoint, botocore presigns with Signature Version 2 unless told
# otherwise; SigV4 is what crossbucket (like every S3 region opened since 2014) accepts.
s3v4 = boto3.client(
    "s3",
    endpoint_url=ENDPOINT,
    region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, signature_version="s3v4", retries={"max_attempts": 1}),
)


def crc32_b64(data: bytes) -> str:
    return base64.b64encode(zlib.crc32(data).to_bytes(4, "big")).decode()


def case_put_get_default_checksums():
    body = b"hello from boto3 " * 100
    put = s3.put_object(Bucket=BUCKET, Key="put-get.txt", Body=body, Metadata={"origin": "boto3"})
    got = s3.get_object(Bucket=BUCKET, Key="put-get.txt", ChecksumMode="ENABLED")
    data = got["Body"].read()
    return {
        "putETag": put["ETag"],
        "putChecksumCRC32": put.get("ChecksumCRC32"),
        "getChecksumCRC32": got.get("ChecksumCRC32"),
        "expectedCRC32": crc32_b64(body),
        "expectedETag": '"%s"' % hashlib.md5(body).hexdigest(),
        "bodyMatches": data == body,
        "metadata": got["Metadata"],
    }


def case_upload_download_20mb():
    size = 20 * 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src.bin")
        dst = os.path.join(tmp, "dst.bin")
        with open(src, "wb") as f:
            f.write(os.urandom(size))
        # boto3's defaults: multipart above 8 MiB, 8 MiB parts.
        config = TransferConfig()
        s3.upload_file(src, BUCKET, "managed/big.bin", Config=config)
        head = s3.head_object(Bucket=BUCKET, Key="managed/big.bin")
        s3.download_file(BUCKET, "managed/big.bin", dst, Config=config)
        with open(src, "rb") as a, open(dst, "rb") as b:
            same = hashlib.sha256(a.read()).digest() == hashlib.sha256(b.read()).digest()
    return {
        "etag": head["ETag"],
        "contentLength": head["ContentLength"],
        "threshold": config.multipart_threshold,
        "chunk": config.multipart_chunksize,
        "roundTrip": same,
    }


def case_list_paginator():
    keys = ["page/%02d" % i for i in range(7)]
    for key in keys:
        s3.put_object(Bucket=BUCKET, Key=key, Body=key.encode())
    pages = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="page/", PaginationConfig={"PageSize": 3}):
        pages.append([o["Key"] for o in page.get("Contents", [])])
    delimited = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Delimiter="/", PaginationConfig={"PageSize": 1}):
        delimited.extend(p["Prefix"] for p in page.get("CommonPrefixes", []))
    return {"keys": keys, "pages": pages, "delimitedPrefixes": delimited}


def fetch(url):
    """(status, body) of a GET, also for HTTP errors."""
    try:
        with urllib.request.urlopen(url) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def case_presigned_urls():
    put_url = s3v4.generate_presigned_url("put_object", Params={"Bucket": BUCKET, "Key": "presigned.txt"}, ExpiresIn=300)
    req = urllib.request.Request(put_url, data=b"sent with a presigned PUT", method="PUT")
    with urllib.request.urlopen(req) as resp:
        put_status = resp.status
    get_url = s3v4.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "presigned.txt"}, ExpiresIn=300)
    get_status, body = fetch(get_url)
    tampered_status, tampered_body = fetch(get_url.replace("presigned.txt", "other.txt"))
    v2_url = s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "presigned.txt"}, ExpiresIn=300)
    v2_status, v2_body = fetch(v2_url)
    return {
        "getUrl": get_url,
        "putStatus": put_status,
        "getStatus": get_status,
        "body": body,
        "tamperedStatus": tampered_status,
        "tamperedBody": tampered_body,
        "defaultUrl": v2_url,
        "defaultStatus": v2_status,
        "defaultBody": v2_body,
    }


def case_copy():
    s3.put_object(Bucket=BUCKET, Key="copy/src.txt", Body=b"copy me", ContentType="text/plain", Metadata={"a": "1"})
    copied = s3.copy_object(Bucket=BUCKET, Key="copy/dst.txt", CopySource={"Bucket": BUCKET, "Key": "copy/src.txt"})
    s3.copy({"Bucket": BUCKET, "Key": "copy/src.txt"}, BUCKET, "copy/managed.txt")
    dst = s3.get_object(Bucket=BUCKET, Key="copy/dst.txt")
    managed = s3.get_object(Bucket=BUCKET, Key="copy/managed.txt")
    return {
        "copyETag": copied["CopyObjectResult"]["ETag"],
        "expectedETag": '"%s"' % hashlib.md5(b"copy me").hexdigest(),
        "dstBody": dst["Body"].read().decode(),
        "dstMetadata": dst["Metadata"],
        "dstContentType": dst["ContentType"],
        "managedBody": managed["Body"].read().decode(),
    }


def case_delete_objects():
    for key in ["del/a", "del/b", "del/c"]:
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"x")
    result = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "del/a"}, {"Key": "del/b"}, {"Key": "del/missing"}]})
    quiet = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "del/c"}], "Quiet": True})
    left = s3.list_objects_v2(Bucket=BUCKET, Prefix="del/")
    return {
        "deleted": sorted(d["Key"] for d in result.get("Deleted", [])),
        "errors": result.get("Errors", []),
        "quietDeleted": quiet.get("Deleted", []),
        "left": [o["Key"] for o in left.get("Contents", [])],
    }


def client_error(call):
    try:
        call()
    except ClientError as e:
        return {
            "code": e.response["Error"]["Code"],
            "message": e.response["Error"].get("Message"),
            "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
            "requestId": e.response["ResponseMetadata"].get("RequestId"),
        }
    return None


def case_errors():
    return {
        "getMissing": client_error(lambda: s3.get_object(Bucket=BUCKET, Key="does/not/exist")),
        "headMissing": client_error(lambda: s3.head_object(Bucket=BUCKET, Key="does/not/exist")),
        "noBucket": client_error(lambda: s3.get_object(Bucket=BUCKET + "-absent", Key="k")),
    }


CASES = [
    case_put_get_default_checksums,
    case_upload_download_20mb,
    case_list_paginator,
    case_presigned_urls,
    case_copy,
    case_delete_objects,
    case_errors,
]


def main():
    s3.create_bucket(Bucket=BUCKET)
    results = {"versions": {"boto3": boto3.__version__}}
    for case in CASES:
        name = case.__name__[len("case_"):]
        try:
            results[name] = case()
        except Exception as e:  # report every case, then let the node test fail the broken ones
            results[name] = {"error": "%s: %s" % (type(e).__name__, e), "trace": traceback.format_exc()}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
