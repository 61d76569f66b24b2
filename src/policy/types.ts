/**
 * @module policy/types
 * The typed AST of an IAM policy document (spec §3.1–§3.2). Every node keeps where it came from:
 * a JSON pointer into the document and, when the text had them, a 1-based line and column.
 */

/** @public The kinds of policy document, each with its own validation rules (spec §2.1). */
export type PolicyKind =
  | "identity"
  | "resource"
  | "bucket"
  | "access-point"
  | "trust"
  | "scp"
  | "rcp"
  | "session"
  | "boundary";

/** @public Where a node sits in the source text. */
export interface Location {
  /** RFC 6901 JSON pointer, e.g. `/Statement/0/Action/1`. */
  readonly pointer: string;
  readonly line?: number;
  readonly column?: number;
}

/** @public A problem found while parsing or validating a policy. */
export interface Diagnostic {
  /** Stable machine code, e.g. `unknown-element`, `invalid-effect`. */
  readonly code: string;
  /** Human-readable text: lower-case, user input in backticks. */
  readonly message: string;
  readonly pointer: string;
  readonly line?: number;
  readonly column?: number;
}

/** @public A string value from the document with its location. */
export interface Located<T> {
  readonly value: T;
  readonly loc: Location;
}

/** @public A string or a list of strings (`"X"` ≡ `["X"]`, spec §3.1); `isArray` remembers which form was written. */
export interface StringList {
  readonly values: readonly Located<string>[];
  readonly isArray: boolean;
  readonly loc: Location;
}

/** @public The principal types that may key a `Principal` map (spec §3.3). */
export type PrincipalType = "AWS" | "Service" | "Federated" | "CanonicalUser";

/** @public A `Principal` / `NotPrincipal` element: `"*"` or a map of type → values. */
export type PrincipalBlock =
  | { readonly wildcard: true; readonly loc: Location }
  | { readonly wildcard: false; readonly entries: readonly PrincipalEntry[]; readonly loc: Location };

/** @public One `"AWS": [...]` (or `Service`, …) entry of a principal map. */
export interface PrincipalEntry {
  readonly type: PrincipalType;
  readonly values: StringList;
}

/** @public The JSON type a condition value was written with, kept so printing round-trips. */
export type ScalarType = "string" | "number" | "boolean";

/** @public One condition value (always compared as text). */
export interface ConditionValue extends Located<string> {
  readonly type: ScalarType;
}

/** @public One `"key": values` entry under a condition operator. */
export interface ConditionKeyEntry {
  readonly key: string;
  readonly keyLoc: Location;
  readonly values: readonly ConditionValue[];
  readonly isArray: boolean;
}

/** @public One `"Operator": { ... }` entry of a `Condition` block. */
export interface ConditionClause {
  readonly operator: string;
  readonly loc: Location;
  readonly keys: readonly ConditionKeyEntry[];
}

/** @public An `Effect` value. */
export type Effect = "Allow" | "Deny";

/** @public One statement. Exactly one of each X / NotX pair is set when the statement is valid. */
export interface Statement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly action?: StringList;
  readonly notAction?: StringList;
  readonly resource?: StringList;
  readonly notResource?: StringList;
  readonly condition?: readonly ConditionClause[];
  readonly loc: Location;
}

/** @public The two language versions (spec §3.1). */
export type PolicyVersion = "2012-10-17" | "2008-10-17";

/** @public A parsed policy document. */
export interface Policy {
  readonly version?: PolicyVersion;
  readonly id?: string;
  readonly statements: readonly Statement[];
  /** Whether `Statement` was written as an array (printing keeps the form). */
  readonly statementIsArray: boolean;
  readonly loc: Location;
}

/** @public What {@link parsePolicy} returns: a policy when there were no errors. */
export interface ParseResult {
  readonly policy?: Policy;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}
