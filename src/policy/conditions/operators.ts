/**
 * @module policy/conditions/operators
 * The catalogue of condition operators (spec §3.8): each name maps to its family, its comparison, whether it
 * is negated and whether policy variables may appear in its values. `parseOperator` also reads the
 * `ForAllValues:` / `ForAnyValue:` prefixes and the `IfExists` suffix.
 */
import type { FamilyCompiler } from "./family.ts";
import { compileArn } from "./arn.ts";
import { compileBinary } from "./binary.ts";
import { compileBool } from "./bool.ts";
import { compileDate } from "./date.ts";
import { compileIp } from "./ip.ts";
import { compileNumeric } from "./numeric.ts";
import { compileString } from "./string.ts";

/** @public Operator families. `Null` is handled on its own (it tests presence, not values). */
export type OperatorFamily = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "Ip" | "Arn" | "Null";

interface BaseOperator {
  readonly family: OperatorFamily;
  readonly test: string;
  readonly negated: boolean;
}

const BASE: Readonly<Record<string, BaseOperator>> = {
  StringEquals: { family: "String", test: "eq", negated: false },
  StringNotEquals: { family: "String", test: "eq", negated: true },
  StringEqualsIgnoreCase: { family: "String", test: "eqi", negated: false },
  StringNotEqualsIgnoreCase: { family: "String", test: "eqi", negated: true },
  StringLike: { family: "String", test: "like", negated: false },
  StringNotLike: { family: "String", test: "like", negated: true },
  NumericEquals: { family: "Numeric", test: "eq", negated: false },
  NumericNotEquals: { family: "Numeric", test: "eq", negated: true },
  NumericLessThan: { family: "Numeric", test: "lt", negated: false },
  NumericLessThanEquals: { family: "Numeric", test: "le", negated: false },
  NumericGreaterThan: { family: "Numeric", test: "gt", negated: false },
  NumericGreaterThanEquals: { family: "Numeric", test: "ge", negated: false },
  DateEquals: { family: "Date", test: "eq", negated: false },
  DateNotEquals: { family: "Date", test: "eq", negated: true },
  DateLessThan: { family: "Date", test: "lt", negated: false },
  DateLessThanEquals: { family: "Date", test: "le", negated: false },
  DateGreaterThan: { family: "Date", test: "gt", negated: false },
  DateGreaterThanEquals: { family: "Date", test: "ge", negated: false },
  Bool: { family: "Bool", test: "eq", negated: false },
  BinaryEquals: { family: "Binary", test: "eq", negated: false },
  IpAddress: { family: "Ip", test: "in", negated: false },
  NotIpAddress: { family: "Ip", test: "in", negated: true },
  ArnEquals: { family: "Arn", test: "like", negated: false },
  ArnLike: { family: "Arn", test: "like", negated: false },
  ArnNotEquals: { family: "Arn", test: "like", negated: true },
  ArnNotLike: { family: "Arn", test: "like", negated: true },
  Null: { family: "Null", test: "null", negated: false },
};

/** @public The names of all base operators (without prefixes or `IfExists`). */
export const BASE_OPERATORS: readonly string[] = Object.keys(BASE);

const COMPILERS: Readonly<Record<Exclude<OperatorFamily, "Null">, FamilyCompiler>> = {
  String: compileString,
  Numeric: compileNumeric,
  Date: compileDate,
  Bool: compileBool,
  Binary: compileBinary,
  Ip: compileIp,
  Arn: compileArn,
};

/** @public How many request values must satisfy the operator: plain, `ForAllValues:` or `ForAnyValue:`. */
export type SetQualifier = "none" | "all" | "any";

/** @public A fully read operator name. */
export interface OperatorSpec {
  readonly name: string;
  readonly base: string;
  readonly family: OperatorFamily;
  readonly test: string;
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly set: SetQualifier;
  /** Policy variables are substituted in values of String, Arn and Bool operators (spec §3.11). */
  readonly variables: boolean;
  /** Builds the value test; undefined for `Null`. */
  readonly compile: FamilyCompiler | undefined;
}

/** @public Reads an operator name, or returns undefined if it is not a known operator. */
export function parseOperator(name: string): OperatorSpec | undefined {
  let rest = name;
  let set: SetQualifier = "none";
  if (rest.startsWith("ForAllValues:")) {
    set = "all";
    rest = rest.slice("ForAllValues:".length);
  } else if (rest.startsWith("ForAnyValue:")) {
    set = "any";
    rest = rest.slice("ForAnyValue:".length);
  }
  let ifExists = false;
  if (rest.endsWith("IfExists")) {
    ifExists = true;
    rest = rest.slice(0, -"IfExists".length);
  }
  const base = Object.hasOwn(BASE, rest) ? BASE[rest] : undefined;
  if (base === undefined || (base.family === "Null" && (ifExists || set !== "none"))) return undefined;
  return {
    name,
    base: rest,
    ...base,
    ifExists,
    set,
    variables: base.family === "String" || base.family === "Arn" || base.family === "Bool",
    compile: base.family === "Null" ? undefined : COMPILERS[base.family],
  };
}
