import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { aclFromJson, aclToJson } from "./acl-json.ts";
import { GROUP_URIS, PERMISSIONS, type AccessControlList, type Grant } from "./types.ts";

const hexId = fc.stringMatching(/^[0-9a-f]{64}$/);
const grant: fc.Arbitrary<Grant> = fc.oneof(
  fc.record({
    grantee: fc.oneof(
      fc.record({ type: fc.constant("CanonicalUser" as const), id: hexId }),
      fc.record({ type: fc.constant("CanonicalUser" as const), id: hexId, displayName: fc.string() }),
    ),
    permission: fc.constantFrom(...PERMISSIONS),
  }),
  fc.record({ grantee: fc.record({ type: fc.constant("Group" as const), uri: fc.constantFrom(...GROUP_URIS) }), permission: fc.constantFrom(...PERMISSIONS) }),
);
const acl: fc.Arbitrary<AccessControlList> = fc.record({
  owner: fc.oneof(fc.record({ id: hexId }), fc.record({ id: hexId, displayName: fc.string() })),
  grants: fc.array(grant, { maxLength: 10 }),
});

describe("ACL storage JSON", () => {
  it("reads back exactly what it wrote (round trip)", () => {
    fc.assert(fc.property(acl, (a) => assert.deepEqual(aclFromJson(aclToJson(a)), structuredClone(a))));
  });

  it("writes the same text for the same ACL whatever the key order of the input objects", () => {
    const a: AccessControlList = { owner: { id: "o" }, grants: [{ permission: "READ", grantee: { id: "x", type: "CanonicalUser" } }] };
    const b: AccessControlList = { grants: [{ grantee: { type: "CanonicalUser", id: "x" }, permission: "READ" }], owner: { id: "o" } };
    assert.equal(aclToJson(a), aclToJson(b));
    assert.equal(aclToJson(a), '{"v":1,"owner":"o","grants":[["id","x","READ"]]}');
  });

  it("refuses stored text of another version or shape", () => {
    assert.throws(() => aclFromJson('{"v":2,"owner":"o","grants":[]}'));
    assert.throws(() => aclFromJson('{"v":1,"grants":[]}'));
    assert.throws(() => aclFromJson('{"v":1,"owner":"o","grants":[["uri","http://example.com","READ"]]}'));
    assert.throws(() => aclFromJson('{"v":1,"owner":"o","grants":[["id","x","ALL"]]}'));
  });
});
