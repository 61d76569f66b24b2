/**
 * @module test/contracts/metadataStore.case
 * The MetadataStore contract: one suite every adapter runs (`metadataStore.<adapter>.test.ts`).
 */
import { describe } from "node:test";
import type { MetadataStore } from "../../src/storage/ports.ts";
import { accessPointCases } from "./metadataStore.accessPoints.case.ts";
import { decisionCases } from "./metadataStore.decisions.case.ts";
import { auditCases } from "./metadataStore.audit.case.ts";
import { listingCases } from "./metadataStore.listing.case.ts";
import { uploadCases } from "./metadataStore.uploads.case.ts";
import { versionCases } from "./metadataStore.versions.case.ts";

/** @public Runs the contract against stores from `open`; each call must return a fresh, empty store. */
export function runMetadataStoreContract(adapter: { name: string; open: () => MetadataStore }): void {
  describe(`MetadataStore contract: ${adapter.name}`, () => {
    versionCases(adapter.open);
    listingCases(adapter.open);
    uploadCases(adapter.open);
    accessPointCases(adapter.open);
    decisionCases(adapter.open);
    auditCases(adapter.open);
  });
}
