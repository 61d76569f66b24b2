/**
 * @module protocol/s3control/accountPublicAccessBlock
 * The account's Block Public Access: PutPublicAccessBlock, GetPublicAccessBlock, DeletePublicAccessBlock
 * (S3 Control, spec §6.1, §6.5), stored as the account config entry {@link ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG}.
 * Deleting needs `s3:PutAccountPublicAccessBlock`, as AWS documents.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_PutPublicAccessBlock.html
 *
 * Recorded against AWS (LocalStack s3control snapshots): Put answers 200 and stores left-out settings as
 * false; an empty configuration is InvalidRequest "Must specify at least one configuration."; Get without a
 * configuration is 404 NoSuchPublicAccessBlockConfiguration with an `<AccountId>` field; Delete answers 204,
 * also when nothing is set.
 */
import { ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG } from "../s3/bucketState.ts";
import { parseXml } from "../s3/xml/parse.ts";
import { ControlError } from "./controlErrors.ts";
import { authorizeControl, type ControlHandler } from "./controlRequest.ts";
import { emptyResponse, flagsFromStoredJson, flagsToStoredJson, flagsXml, readFlags, xmlResponse } from "./controlXml.ts";

const putPublicAccessBlock: ControlHandler = async (req, deps) => {
  authorizeControl(req, deps, "s3:PutAccountPublicAccessBlock", "*", { "s3:ResourceAccount": req.accountId });
  const root = parseXml((await req.payload.readAll(64 * 1024, "MaxMessageLengthExceeded")).toString("utf8"), "PublicAccessBlockConfiguration");
  const { flags, present } = readFlags(root);
  if (present === 0) throw new ControlError("InvalidRequest", { message: "Must specify at least one configuration." });
  deps.svc.meta.putAccountConfig(req.accountId, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, flagsToStoredJson(flags));
  return emptyResponse(200);
};

const getPublicAccessBlock: ControlHandler = async (req, deps) => {
  authorizeControl(req, deps, "s3:GetAccountPublicAccessBlock", "*", { "s3:ResourceAccount": req.accountId });
  const stored = deps.svc.meta.getAccountConfig(req.accountId, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG);
  if (stored === undefined) throw new ControlError("NoSuchPublicAccessBlockConfiguration", { fields: [["AccountId", req.accountId]] });
  return xmlResponse("PublicAccessBlockConfiguration", flagsXml(flagsFromStoredJson(stored)));
};

const deletePublicAccessBlock: ControlHandler = async (req, deps) => {
  authorizeControl(req, deps, "s3:PutAccountPublicAccessBlock", "*", { "s3:ResourceAccount": req.accountId });
  deps.svc.meta.putAccountConfig(req.accountId, ACCOUNT_PUBLIC_ACCESS_BLOCK_CONFIG, undefined);
  return emptyResponse(204);
};

/** @public The account Block Public Access handlers by operation. */
export const ACCOUNT_PUBLIC_ACCESS_BLOCK_HANDLERS = {
  PutPublicAccessBlock: putPublicAccessBlock,
  GetPublicAccessBlock: getPublicAccessBlock,
  DeletePublicAccessBlock: deletePublicAccessBlock,
} as const;
