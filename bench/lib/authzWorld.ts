/**
 * @module bench/lib/authzWorld
 * The world of the authorized-GET scenario (issue #5's benchmark request, over HTTP): the default
 * accounts; in bravo (222222222222) the user `job` and the role `Reader`, which `job` may assume and whose identity
 * policy allows reading the bucket `authz`; in charlie (333333333333) nineteen roles `R0`…`R18` that the
 * other statements name; the bucket `authz` of alpha (111111111111) with ACLs enabled (ObjectWriter) and a
 * 20-statement bucket policy: 18 conditional allows for charlie's roles on other prefixes, one allow for
 * bravo's `Reader`, and a deny for a source network the bench never uses, so that every request evaluates a
 * deny, a principal index, conditions and the object ACL that alpha writes with each object.
 */
import { canonicalUserId } from "../../src/server/system.ts";
import { DEFAULT_WORLD } from "../../src/identity/world.ts";

/** @public The bucket the scenario reads. */
export const AUTHZ_BUCKET = "authz";
/** @public The role the load runs as (a session of it). */
export const READER_ROLE_ARN = "arn:aws:iam::222222222222:role/Reader";
/** @public The IAM user of bravo that assumes the role (roles cannot be assumed by root users). */
export const JOB_USER_KEYS = { accessKeyId: "AKIABRAVOJOB00000001", secretAccessKey: "bravoJobSecret00000000000000000000000001" } as const;

const ALPHA = "111111111111";
const BRAVO = "222222222222";
const CHARLIE = "333333333333";

function bucketPolicy(): unknown {
  const bucketArn = `arn:aws:s3:::${AUTHZ_BUCKET}`;
  const statements = Array.from({ length: 20 }, (_, i) => {
    if (i === 13) return { Sid: "ReaderRole", Effect: "Allow", Principal: { AWS: READER_ROLE_ARN }, Action: ["s3:GetObject", "s3:ListBucket"], Resource: [bucketArn, `${bucketArn}/*`] };
    if (i === 19) return { Sid: "NoQuarantinedNetwork", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { IpAddress: { "aws:SourceIp": "198.51.100.0/24" } } };
    const role = i < 13 ? i : i - 1;
    return {
      Sid: `Team${role}`,
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${CHARLIE}:role/R${role}` },
      Action: i % 2 === 0 ? "s3:GetObject" : ["s3:PutObject", "s3:GetObject"],
      Resource: `${bucketArn}/prefix-${role}/*`,
      Condition: { StringEquals: { "aws:PrincipalAccount": CHARLIE } },
    };
  });
  return { Version: "2012-10-17", Statement: statements };
}

/** @public The world file (JSON) of the scenario. */
export function authzWorld(): unknown {
  const [alpha, bravo, charlie] = DEFAULT_WORLD.accounts;
  if (alpha === undefined || bravo === undefined || charlie === undefined) throw new Error("the default world has three accounts");
  const account = (a: typeof alpha) => ({ id: a.id, name: a.name, email: a.email, root: { accessKeyId: a.root.accessKeyId, secretAccessKey: a.root.secretAccessKey } });
  return {
    accounts: [
      account(alpha),
      {
        ...account(bravo),
        users: [
          {
            name: "job",
            accessKeys: [JOB_USER_KEYS],
            inlinePolicies: { AssumeReader: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: READER_ROLE_ARN }] } },
          },
        ],
        roles: [
          {
            name: "Reader",
            trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${BRAVO}:user/job` }, Action: "sts:AssumeRole" }] },
            inlinePolicies: {
              ReadAuthz: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${AUTHZ_BUCKET}`, `arn:aws:s3:::${AUTHZ_BUCKET}/*`] }] },
            },
          },
        ],
      },
      {
        ...account(charlie),
        roles: Array.from({ length: 19 }, (_, i) => ({
          name: `R${i}`,
          trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${CHARLIE}:root` }, Action: "sts:AssumeRole" }] },
        })),
      },
    ],
    buckets: [{ name: AUTHZ_BUCKET, owner: ALPHA, objectOwnership: "ObjectWriter", policy: bucketPolicy() }],
  };
}

/** @public The ACL headers alpha writes each object with: full control for itself, READ for bravo. */
export function objectAclHeaders(): Record<string, string> {
  return { "x-amz-grant-full-control": `id="${canonicalUserId(ALPHA)}"`, "x-amz-grant-read": `id="${canonicalUserId(BRAVO)}"` };
}
