/**
 * The SDK states some contracts in its own, explicit types (`sdk/`) where
 * the runtime's are inferred from zod schemas. This test holds them
 * together: it does not type-check when the runtime stops giving an
 * executor, a doctor check or a KM mount what the SDK promises, or when
 * what the SDK lets a plugin return no longer fits what the runtime takes.
 * @module
 */

import assert from "node:assert/strict";
import type * as Runtime from "../../agents/runtime/executor.ts";
import type * as Doctor from "../../plugins/doctor/check.ts";
import type * as Km from "../../plugins/km/mounts.ts";
import type * as Sdk from "../../plugin.ts";

/** `true` when every `A` is a `B`. */
type Fits<A, B> = [A] extends [B] ? true : false;

const holds = {
  "the runtime's executor context gives what the SDK's promises": true as Fits<
    Runtime.ExecutorContext,
    Sdk.ExecutorContext
  >,
  "an SDK executor is a runtime executor": true as Fits<Sdk.Executor, Runtime.Executor>,
  "doctor's environment gives what the SDK's promises": true as Fits<
    Doctor.DoctorEnv,
    Sdk.DoctorEnv
  >,
  "an SDK check's findings are doctor's": true as Fits<Sdk.Finding, Doctor.Finding>,
  "the KM's mount context gives what the SDK's promises": true as Fits<
    Km.KmMountContext,
    Sdk.KmMountContext
  >,
  "an SDK mount is a KM mount": true as Fits<Sdk.KmMount, Km.KmMount>,
};

Deno.test("the SDK's own contract types fit the runtime's", () => {
  // The assertions above are checked by the type checker (a mismatch makes `true as false` an
  // error); this keeps them from being optimised away as unused and names them in the report.
  for (const [claim, fits] of Object.entries(holds)) assert.equal(fits, true, claim);
});
