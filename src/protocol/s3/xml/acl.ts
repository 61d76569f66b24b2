/**
 * @module protocol/s3/xml/acl
 * The `AccessControlPolicy` document of Get/PutBucketAcl and Get/PutObjectAcl.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html
 */
import type { AccessControlList } from "../../../acl/types.ts";
import type { AclDocument, AclDocumentGrant } from "../../../acl/acl-document.ts";
import { S3Error } from "../errors.ts";
import { child, childText, childrenNamed, parseXml } from "./parse.ts";
import { document, el, leaf } from "./write.ts";

const XSI = "http://www.w3.org/2001/XMLSchema-instance";

/** @public Renders an ACL as S3's `AccessControlPolicy`. */
export function aclXml(acl: AccessControlList): string {
  const grants = acl.grants.map((g) => {
    const grantee =
      g.grantee.type === "CanonicalUser"
        ? el("Grantee", [leaf("ID", g.grantee.id)], { "xmlns:xsi": XSI, "xsi:type": "CanonicalUser" })
        : el("Grantee", [leaf("URI", g.grantee.uri)], { "xmlns:xsi": XSI, "xsi:type": "Group" });
    return el("Grant", [grantee, leaf("Permission", g.permission)]);
  });
  return document("AccessControlPolicy", [el("Owner", [leaf("ID", acl.owner.id)]), el("AccessControlList", grants)]);
}

/** @public Reads an `AccessControlPolicy` body into the ACL layer's document shape (validation is the ACL layer's). */
export function parseAclXml(body: string): AclDocument {
  const root = parseXml(body, "AccessControlPolicy", "MalformedACLError");
  const owner = child(root, "Owner");
  const list = child(root, "AccessControlList");
  if (!list) throw new S3Error("MalformedACLError");
  const grants: AclDocumentGrant[] = childrenNamed(list, "Grant").map((g) => {
    const grantee = child(g, "Grantee");
    const permission = childText(g, "Permission")?.trim();
    const type = grantee ? Object.entries(grantee.attributes).find(([k]) => k === "type" || k.endsWith(":type"))?.[1] : undefined;
    return {
      ...(permission !== undefined ? { permission } : {}),
      ...(grantee
        ? {
            grantee: {
              ...(type !== undefined ? { type } : {}),
              ...(childText(grantee, "ID") !== undefined ? { id: (childText(grantee, "ID") as string).trim() } : {}),
              ...(childText(grantee, "URI") !== undefined ? { uri: (childText(grantee, "URI") as string).trim() } : {}),
              ...(childText(grantee, "EmailAddress") !== undefined ? { emailAddress: (childText(grantee, "EmailAddress") as string).trim() } : {}),
            },
          }
        : {}),
    };
  });
  const ownerId = owner ? childText(owner, "ID")?.trim() : undefined;
  return { ...(owner ? { owner: ownerId !== undefined ? { id: ownerId } : {} } : {}), grants };
}
