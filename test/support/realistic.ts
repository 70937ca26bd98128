// A sync request as Metacontroller sends it for the original sample once the system runs: every child
// observed (last-applied annotation, live status) and the parent's status from the previous sync.
import type { SyncRequest } from "../../src/api/metacontroller.js";
import { sync } from "../../src/render/sync.js";
import { fixedClock, requestFor, rolledOut, sample, syncSample } from "./fixtures.js";

export function realisticSyncRequest(): SyncRequest {
  const observed = syncSample().children.map(rolledOut);
  const request = requestFor(sample(), observed);
  request.parent.status = sync(request, fixedClock()).status;
  return request;
}
