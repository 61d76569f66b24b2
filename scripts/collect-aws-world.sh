#!/usr/bin/env bash
# Collects what `crossbucket import` reads, with the `aws` CLI and your own credentials (read-only calls only).
# Run it once per account you want in the simulated world, into the same folder. Layout: docs/import.md.
#
#   scripts/collect-aws-world.sh --out DIR [--profile NAME] [--region REGION] [--endpoint-url URL]
#                                [--keys-per-bucket N] [--bucket NAME]... [--no-organizations]
#                                [--s3control-endpoint-url URL]
#
# --endpoint-url is passed to every call (to collect from crossbucket itself); --s3control-endpoint-url, when
# given, replaces it for the s3control calls (which go to <account-id>.<endpoint host>). --bucket limits the buckets
# collected (default: every bucket ListBuckets returns). --keys-per-bucket: how many keys of each bucket get
# their object ACL collected (default 20; the first N of ListObjectsV2).
#
# A configuration that is not set (no bucket policy, no ownership controls, no Block Public Access, no access
# point policy, no organization) is recorded as `<name>.absent` holding the error code. Any other failure of
# a call is recorded as `<name>.error` holding the CLI's message, and collection goes on; `crossbucket import`
# reports both. Exit status: 0 when everything was collected, 3 when some calls failed (see the .error files),
# 2 for a bad command line, 1 when the caller's identity cannot be read.
set -u -o pipefail

OUT=""
KEYS_PER_BUCKET=20
ORGS=1
BUCKETS=()
COMMON=()
CONTROL=()

usage() { sed -n '5,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="${2:-}"; shift 2 ;;
    --profile|--region|--endpoint-url) [ $# -ge 2 ] || usage; COMMON+=("$1" "$2"); shift 2 ;;
    --s3control-endpoint-url) [ $# -ge 2 ] || usage; CONTROL=("--endpoint-url" "$2"); shift 2 ;;
    --keys-per-bucket) KEYS_PER_BUCKET="${2:-}"; shift 2 ;;
    --bucket) BUCKETS+=("${2:-}"); shift 2 ;;
    --no-organizations) ORGS=0; shift ;;
    -h|--help) usage ;;
    *) echo "collect-aws-world: unknown option $1" >&2; usage ;;
  esac
done
[ -n "$OUT" ] || usage
case "$KEYS_PER_BUCKET" in ''|*[!0-9]*) echo "collect-aws-world: --keys-per-bucket takes a number" >&2; exit 2 ;; esac

FAILED=0
# Codes that mean "this configuration is not set" rather than a failure.
ABSENT_CODES='NoSuchBucketPolicy|OwnershipControlsNotFoundError|NoSuchPublicAccessBlockConfiguration|NoSuchAccessPointPolicy|AWSOrganizationsNotInUseException'

# The options of one call: the common ones, with the S3 Control endpoint for s3control calls.
opts() {
  local o=() i=0
  if [ "$1" = "s3control" ] && [ ${#CONTROL[@]} -gt 0 ]; then
    while [ $i -lt ${#COMMON[@]} ]; do
      if [ "${COMMON[$i]}" = "--endpoint-url" ]; then i=$((i + 2)); continue; fi
      o+=("${COMMON[$i]}"); i=$((i + 1))
    done
    o+=("${CONTROL[@]}")
  else
    o=("${COMMON[@]}")
  fi
  OPTS=("${o[@]}")
}

# call FILE aws-args…: runs `aws <args>` and writes FILE.json, FILE.absent or FILE.error.
call() {
  local file="$1"; shift
  local err
  mkdir -p "$(dirname "$file")"
  rm -f "$file.json" "$file.absent" "$file.error"
  opts "$1"
  if aws "$@" "${OPTS[@]}" --output json >"$file.json.tmp" 2>"$file.stderr.tmp"; then
    mv "$file.json.tmp" "$file.json"
    rm -f "$file.stderr.tmp"
    return 0
  fi
  err="$(cat "$file.stderr.tmp")"
  rm -f "$file.json.tmp" "$file.stderr.tmp"
  if printf '%s' "$err" | grep -Eq "\\(($ABSENT_CODES)\\)"; then
    printf '%s\n' "$(printf '%s' "$err" | grep -Eo "\\(($ABSENT_CODES)\\)" | head -1 | tr -d '()')" >"$file.absent"
    return 1
  fi
  printf '%s\n' "$err" >"$file.error"
  echo "collect-aws-world: aws $* failed: $err" >&2
  FAILED=1
  return 1
}

# text aws-args…: a --query result as whitespace-separated words (empty on failure or None).
text() {
  local v
  opts "$1"
  v="$(aws "$@" "${OPTS[@]}" --output text 2>/dev/null)" || return 0
  [ "$v" = "None" ] && return 0
  printf '%s\n' "$v"
}

# URL-encodes a key for use as a file name (RFC 3986 unreserved characters kept).
urlencode() {
  local s="$1" out="" c i hex
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) hex="$(printf '%s' "$c" | od -An -tx1 | tr -d ' \n' | tr 'a-f' 'A-F' | sed 's/\(..\)/%\1/g')"; out+="$hex" ;;
    esac
  done
  printf '%s' "$out"
}

mkdir -p "$OUT" || exit 1
ACCOUNT="$(aws sts get-caller-identity "${COMMON[@]}" --query Account --output text)" || { echo "collect-aws-world: cannot read the caller's identity" >&2; exit 1; }
A="$OUT/accounts/$ACCOUNT"
mkdir -p "$A"
call "$A/get-caller-identity" sts get-caller-identity

# IAM: every user, group, role and managed policy with their documents (the CLI gathers every page).
call "$A/iam/get-account-authorization-details" iam get-account-authorization-details

# S3 Control: the account's Block Public Access and its access points with their policies.
call "$A/s3control/get-public-access-block" s3control get-public-access-block --account-id "$ACCOUNT"
if call "$A/s3control/list-access-points" s3control list-access-points --account-id "$ACCOUNT"; then
  for ap in $(text s3control list-access-points --account-id "$ACCOUNT" --query 'AccessPointList[].Name'); do
    call "$A/s3control/access-points/$ap/get-access-point" s3control get-access-point --account-id "$ACCOUNT" --name "$ap"
    call "$A/s3control/access-points/$ap/get-access-point-policy" s3control get-access-point-policy --account-id "$ACCOUNT" --name "$ap"
  done
fi

# S3: the account's buckets and, for each, what authorization reads.
call "$A/s3/list-buckets" s3api list-buckets
if [ ${#BUCKETS[@]} -eq 0 ]; then
  read -r -a BUCKETS <<<"$(text s3api list-buckets --query 'Buckets[].Name' | tr '\n\t' '  ')"
fi
for b in "${BUCKETS[@]}"; do
  [ -n "$b" ] || continue
  B="$A/buckets/$b"
  call "$B/get-bucket-location" s3api get-bucket-location --bucket "$b"
  call "$B/get-bucket-policy" s3api get-bucket-policy --bucket "$b"
  call "$B/get-bucket-acl" s3api get-bucket-acl --bucket "$b"
  call "$B/get-bucket-ownership-controls" s3api get-bucket-ownership-controls --bucket "$b"
  call "$B/get-public-access-block" s3api get-public-access-block --bucket "$b"
  call "$B/get-bucket-versioning" s3api get-bucket-versioning --bucket "$b"
  if call "$B/list-objects-v2" s3api list-objects-v2 --bucket "$b" --fetch-owner --max-items 1000; then
    if [ "$KEYS_PER_BUCKET" -gt 0 ]; then
      # One key per line (keys may hold spaces); --max-items bounds the listing itself.
      while IFS= read -r key; do
        [ -n "$key" ] && [ "$key" != "None" ] || continue
        call "$B/objects/$(urlencode "$key").get-object-acl" s3api get-object-acl --bucket "$b" --key "$key"
      done < <(aws s3api list-objects-v2 --bucket "$b" --max-items "$KEYS_PER_BUCKET" "${COMMON[@]}" --query 'Contents[].[Key]' --output text 2>/dev/null)
    fi
  fi
done

# AWS Organizations: the organization, its tree, and its SCPs and RCPs with their targets. Only the
# management account (or a delegated administrator) may list them; other accounts record the organization only.
if [ "$ORGS" -eq 1 ]; then
  O="$OUT/organizations"
  mkdir -p "$O/.collecting-$ACCOUNT"
  T="$O/.collecting-$ACCOUNT"
  if call "$T/describe-organization" organizations describe-organization; then
    before=$FAILED
    if call "$T/list-roots" organizations list-roots 2>/dev/null; then
      call "$T/list-accounts" organizations list-accounts
      parents="$(text organizations list-roots --query 'Roots[].Id')"
      while [ -n "$parents" ]; do
        next=""
        for p in $parents; do
          call "$T/list-accounts-for-parent-$p" organizations list-accounts-for-parent --parent-id "$p"
          call "$T/list-organizational-units-for-parent-$p" organizations list-organizational-units-for-parent --parent-id "$p"
          next="$next $(text organizations list-organizational-units-for-parent --parent-id "$p" --query 'OrganizationalUnits[].Id')"
        done
        parents="$(echo $next)"
      done
      for type in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
        call "$T/list-policies-$type" organizations list-policies --filter "$type" || continue
        for id in $(text organizations list-policies --filter "$type" --query 'Policies[].Id'); do
          call "$T/describe-policy-$id" organizations describe-policy --policy-id "$id"
          call "$T/list-targets-for-policy-$id" organizations list-targets-for-policy --policy-id "$id"
        done
      done
      # The management account's view replaces whatever was collected before.
      find "$O" -maxdepth 1 -type f -delete
      mv "$T"/* "$O"/ 2>/dev/null
    else
      # A member account: keep its view of the organization only if nothing better was collected.
      rm -f "$T/list-roots.error"
      FAILED=$before
      [ -e "$O/describe-organization.json" ] || mv "$T/describe-organization.json" "$O/"
    fi
  elif [ -e "$T/describe-organization.absent" ] && [ ! -e "$O/describe-organization.json" ]; then
    mv "$T/describe-organization.absent" "$O/"
  fi
  rm -rf "$T"
fi

[ "$FAILED" -eq 0 ] || exit 3
exit 0
