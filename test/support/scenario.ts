/**
 * @module test/support/scenario
 * Helpers for the seed scenarios (test/scenarios): IAM users, roles and STS sessions created through the
 * real IAM/STS APIs of a test server, credentials that drive both the AWS SDK v3 and the `aws` CLI, the
 * canonical user IDs of the world's accounts, and parsing of the CLI's error lines.
 */
import assert from "node:assert/strict";
import { Agent, type AgentOptions } from "node:http";
import type { LookupFunction } from "node:net";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import type { S3Client } from "@aws-sdk/client-s3";
import type { WorldAccount } from "../../src/identity/world.ts";
import { aws, type RunOptions, type RunResult } from "./cli.ts";
import type { TestServer } from "./server.ts";

/** Credentials of any principal: a root user, an IAM user's access key or an STS session. */
export interface Creds {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A principal a scenario acts as: its ARN, its account and its credentials. */
export interface Actor {
  readonly arn: string;
  readonly account: WorldAccount;
  readonly creds: Creds;
}

/** A policy document (identity, trust or bucket policy). */
export type PolicyDoc = { readonly Version: "2012-10-17"; readonly Statement: readonly object[] };

/** Builds a policy document from statements. */
export function policy(...statements: object[]): PolicyDoc {
  return { Version: "2012-10-17", Statement: statements };
}

/** The root user of a world account as an actor. */
export function rootOf(account: WorldAccount): Actor {
  return { arn: `arn:aws:iam::${account.id}:root`, account, creds: { accessKeyId: account.root.accessKeyId, secretAccessKey: account.root.secretAccessKey } };
}

/** An IAM client signed with `creds`. */
export function iamClient(server: TestServer, creds: Creds): IAMClient {
  return new IAMClient({ endpoint: server.endpoint, region: "us-east-1", credentials: creds });
}

/** An STS client signed with `creds`. */
export function stsClient(server: TestServer, creds: Creds): STSClient {
  return new STSClient({ endpoint: server.endpoint, region: "us-east-1", credentials: creds });
}

/** An S3 client (path style, the SDK's defaults otherwise) signed as `actor`. */
export function s3As(server: TestServer, actor: Actor): S3Client {
  return server.client(actor.account, { credentials: actor.creds });
}

/** Creates IAM user `name` in `account` (by its root), with an optional inline policy, and an access key. */
export async function createUser(server: TestServer, account: WorldAccount, name: string, identityPolicy?: PolicyDoc): Promise<Actor> {
  const iam = iamClient(server, rootOf(account).creds);
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (identityPolicy !== undefined) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(identityPolicy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  assert.ok(key?.AccessKeyId !== undefined && key.SecretAccessKey !== undefined, "CreateAccessKey returned a key");
  return { arn: `arn:aws:iam::${account.id}:user/${name}`, account, creds: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } };
}

/** Creates role `name` in `account` (by its root) with a trust policy and an optional inline policy; returns its ARN. */
export async function createRole(server: TestServer, account: WorldAccount, name: string, trust: PolicyDoc, identityPolicy?: PolicyDoc): Promise<string> {
  const iam = iamClient(server, rootOf(account).creds);
  const role = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  if (identityPolicy !== undefined) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify(identityPolicy) }));
  assert.equal(role.Role?.Arn, `arn:aws:iam::${account.id}:role/${name}`);
  return role.Role.Arn;
}

/** Assumes `roleArn` as `caller` (STS AssumeRole through the SDK); the session is an actor of the role's account. */
export async function assumeRole(server: TestServer, caller: Actor, roleArn: string, sessionName: string, roleAccount: WorldAccount): Promise<Actor> {
  const r = await stsClient(server, caller.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
  const c = r.Credentials;
  assert.ok(c?.AccessKeyId !== undefined && c.SecretAccessKey !== undefined && c.SessionToken !== undefined, "AssumeRole returned credentials");
  const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  const arn = `arn:aws:sts::${roleAccount.id}:assumed-role/${roleName}/${sessionName}`;
  assert.equal(r.AssumedRoleUser?.Arn, arn);
  return { arn, account: roleAccount, creds: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } };
}

/** The environment entries that make the `aws` CLI sign as `actor` (overriding the account's root keys). */
export function cliEnvOf(actor: Actor): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: actor.creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: actor.creds.secretAccessKey,
    ...(actor.creds.sessionToken !== undefined ? { AWS_SESSION_TOKEN: actor.creds.sessionToken } : {}),
  };
}

/** Runs `aws <args>` signed as `actor` against the server. */
export function awsAs(server: TestServer, actor: Actor, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return aws(server, actor.account, args, { ...options, env: { ...options.env, ...cliEnvOf(actor) } });
}

/** Runs `aws <args>` signed as `actor` and fails the test with its output unless it exits 0. */
export async function awsAsOk(server: TestServer, actor: Actor, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const r = await awsAs(server, actor, args, options);
  if (r.code !== 0) assert.fail(`aws ${args.join(" ")} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/** Like {@link awsAsOk}, for s3api commands that print JSON: returns stdout parsed. */
export async function awsAsJson<T>(server: TestServer, actor: Actor, args: readonly string[], options: RunOptions = {}): Promise<T> {
  return (await awsAsOk(server, actor, args, options)).json<T>();
}

/** The S3 error a CLI v1 call reported: "An error occurred (<Code>) when calling the <Operation> operation: <Message>". */
export interface CliError {
  readonly code: string;
  readonly operation: string;
  readonly message: string;
}

/** Parses the error line of a failed CLI call; fails the test when the call succeeded or printed no error line. */
export function cliError(r: RunResult): CliError {
  assert.notEqual(r.code, 0, `expected the aws call to fail; stdout: ${r.stdout}`);
  const m = /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)/.exec(r.stderr);
  assert.ok(m !== null, `no error line in stderr: ${r.stderr}`);
  return { code: m[1] ?? "", operation: m[2] ?? "", message: (m[3] ?? "").trim() };
}

/** Asserts that a CLI call failed with `code` on `operation` and, when given, exactly `message`. */
export function assertCliDenied(r: RunResult, expected: { code: string; operation: string; message?: string }): void {
  const e = cliError(r);
  assert.equal(e.code, expected.code, r.stderr);
  assert.equal(e.operation, expected.operation, r.stderr);
  if (expected.message !== undefined) assert.equal(e.message, expected.message, r.stderr);
}

/** The canonical user ID of a world account on this server (what ACLs and object owners name). */
export function canonicalId(server: TestServer, account: WorldAccount): string {
  const id = server.services.accounts.get(account.id)?.canonicalUserId;
  assert.ok(id !== undefined, `account ${account.id} is in the world`);
  return id;
}

/** A statement trusting `accountId` (its IAM principals allowed by their own policies) to assume a role. */
export function trustAccount(accountId: string): object {
  return { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "sts:AssumeRole" };
}

/**
 * An HTTP handler for SDK clients that sends every host name to 127.0.0.1, so that the host forms AWS
 * clients build against a custom endpoint (`<account-id>.localhost` for S3 Control,
 * `<name>-<account-id>.localhost` for access points) reach the test server without /etc/hosts entries.
 */
export function loopbackHandler(): NodeHttpHandler {
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all === true) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
  };
  return new NodeHttpHandler({ httpAgent: new Agent({ lookup } as AgentOptions) });
}

/**
 * The errors the server logged. (A client that hangs up mid-body, as the `aws` CLI does once it holds
 * Content-Length bytes of a GetObject body, is logged by the node:http adapter at info level, not as an error.)
 */
export function internalErrors(server: TestServer): unknown[] {
  return server.logger.errors;
}
