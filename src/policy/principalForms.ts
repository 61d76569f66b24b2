/**
 * @module policy/principalForms
 * Recognises the forms a principal value may take (spec §3.3): `"*"`, a 12-digit account ID, an account root
 * ARN, an IAM user or role ARN, an assumed-role session ARN, a federated-user ARN, or a unique ID. Wildcards
 * are only valid as the whole value `"*"`.
 */

/** @public The form of an `AWS` principal value. */
export type AwsPrincipalForm =
  | "everyone"
  | "account"
  | "user"
  | "role"
  | "assumed-role"
  | "federated-user"
  | "unique-id";

/** @public A classified `AWS` principal value. */
export interface AwsPrincipal {
  readonly form: AwsPrincipalForm;
  /** The account ID for account, ARN forms; undefined for `*` and unique IDs. */
  readonly account?: string;
}

const ACCOUNT = /^\d{12}$/;
const IAM_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(root|user\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]+|role\/(?:[\x21-\x7e]+\/)?[\w+=,.@-]+)$/;
const STS_ARN = /^arn:aws[a-z-]*:sts::(\d{12}):(assumed-role\/[\w+=,.@-]+\/[\w+=,.@-]+|federated-user\/[\w+=,.@-]+)$/;
const UNIQUE_ID = /^A[A-Z0-9]{3}[A-Z0-9]{12,}$/;

/** @public Classifies an `AWS` principal value, or returns undefined when it is not a valid principal. */
export function classifyAwsPrincipal(value: string): AwsPrincipal | undefined {
  if (value === "*") return { form: "everyone" };
  if (ACCOUNT.test(value)) return { form: "account", account: value };
  if (value.includes("*") || value.includes("?")) return undefined;
  const iam = IAM_ARN.exec(value);
  if (iam !== null && iam[1] !== undefined && iam[2] !== undefined) {
    const kind = iam[2] === "root" ? "account" : iam[2].startsWith("user/") ? "user" : "role";
    return { form: kind, account: iam[1] };
  }
  const sts = STS_ARN.exec(value);
  if (sts !== null && sts[1] !== undefined && sts[2] !== undefined) {
    return { form: sts[2].startsWith("assumed-role/") ? "assumed-role" : "federated-user", account: sts[1] };
  }
  if (UNIQUE_ID.test(value)) return { form: "unique-id" };
  return undefined;
}

/** @public Whether a `CanonicalUser` value has the 64-hex-digit form. */
export function isCanonicalUserId(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

/** @public Whether a `Service` value looks like a service principal name (`*` or e.g. `logging.s3.amazonaws.com`). */
export function isServicePrincipal(value: string): boolean {
  return value === "*" || /^[a-z0-9][a-z0-9.-]*\.[a-z.]+$/.test(value);
}
