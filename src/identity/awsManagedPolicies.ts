/**
 * @module identity/awsManagedPolicies
 * A few AWS managed policies (`arn:aws:iam::aws:policy/…`) that stories and tests attach. Their
 * documents are the published ones (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/).
 */
import type { ManagedPolicyRecord } from "../storage/identityPort.ts";

const DATE = "2015-02-06T18:39:46Z";

function managed(name: string, id: string, path: string, statement: object): ManagedPolicyRecord {
  const document = JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
  return { accountId: "aws", name, path, id, createDate: DATE, updateDate: DATE, defaultVersionId: "v1", versions: [{ versionId: "v1", document, createDate: DATE }], nextVersion: 2 };
}

/** @public AWS managed policies by ARN. */
export const AWS_MANAGED_POLICIES: ReadonlyMap<string, ManagedPolicyRecord> = new Map(
  [
    managed("AdministratorAccess", "ANPAIWMBCKSKIEE64ZLYK", "/", { Effect: "Allow", Action: "*", Resource: "*" }),
    managed("IAMFullAccess", "ANPAI7XKCFMBPM3QQRRVQ", "/", { Effect: "Allow", Action: ["iam:*", "organizations:DescribeAccount", "organizations:DescribeOrganization", "organizations:DescribeOrganizationalUnit", "organizations:DescribePolicy", "organizations:ListChildren", "organizations:ListParents", "organizations:ListPoliciesForTarget", "organizations:ListRoots", "organizations:ListPolicies", "organizations:ListTargetsForPolicy"], Resource: "*" }),
    managed("AmazonS3FullAccess", "ANPAIFIR6V6BVTRAHWINE", "/", { Effect: "Allow", Action: ["s3:*", "s3-object-lambda:*"], Resource: "*" }),
    managed("AmazonS3ReadOnlyAccess", "ANPAIZTJ4DXE7G6AGAE6M", "/", { Effect: "Allow", Action: ["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"], Resource: "*" }),
    managed("ReadOnlyAccess", "ANPAILL3HVNFSB6DCOWYQ", "/", { Effect: "Allow", Action: ["iam:Get*", "iam:List*", "s3:Get*", "s3:List*", "sts:GetCallerIdentity"], Resource: "*" }),
  ].map((p) => [`arn:aws:iam::aws:policy${p.path}${p.name}`, p]),
);
